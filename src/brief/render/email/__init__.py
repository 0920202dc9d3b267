"""The memo as an email draft: `compose` makes it, from the memo's opening blocks as
`bodies` writes them and with headers as `headers` folds them."""

from .bodies import html_body, plain_body
from .compose import address_domain, compose, recipients_problem, require_distribution
from .headers import subject

__all__ = ["address_domain", "compose", "html_body", "plain_body", "recipients_problem",
           "require_distribution", "subject"]

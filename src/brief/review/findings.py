"""What a review asks of the spec: each tracked change, change made without tracking,
and comment of a reviewed file, matched to the spec's key and line, and what brief can
do with it."""

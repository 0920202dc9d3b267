"""What drives the pipeline for each command beyond a single build: building many specs
(`batch`), rebuilding on save (`rebuild`, `watch`, `preview`), finding passages (`find`),
a starter spec (`starter`) and working with templates (`templates`)."""

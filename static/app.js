// Lang Portal's own script: progressive enhancements only; every page works without it.

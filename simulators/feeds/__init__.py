"""One module per feed: a pure generate(...) returning events, driven by simulators.runner."""

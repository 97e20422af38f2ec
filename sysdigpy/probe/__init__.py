"""Where raw events come from (the libscap layer).

A *source* yields section starts (:class:`CaptureMetadata`) and :class:`RawEvent`
objects; nothing above this package knows whether they come from a file, the
live probe, or the synthetic source of the tests.
"""

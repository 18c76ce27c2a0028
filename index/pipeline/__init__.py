"""The build pipeline: a corpus folder -> a published index generation.

The builder (``builder``) reads, analyses and writes articles on every core,
commits and publishes; translation groups (``groups``) link and align the
stored articles after each build.  The only room that uses all the others.
"""

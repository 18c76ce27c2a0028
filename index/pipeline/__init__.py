"""The build pipeline: a corpus folder -> a published index generation.

The builder (``builder``) decides between a full build and an update by
change detection (``manifest``), makes each file ready for a writer
(``prepare``), writes a full build's segments on every core (``workers``),
commits and publishes, and reports what it did (``report``); translation
groups (``groups``) link and align the stored articles after each build.
The only room that uses all the others.
"""

"""Storage: Articles in a Whoosh index, and back.

The one schema (``schema``), Articles to Whoosh documents and stored fields
back to records (``documents``), Setu's codec for the positional fields
(``codec``), segments written in bulk by several processes (``segments``),
per-document columns read a segment at a time (``columns``), index
generations and the build lock (``generations``) and the integrity check
(``check``).  Uses ``analysis``, ``corpus`` and ``translation``.
"""

# Imported with the room: Whoosh unpickles the codec of an index by its class
# path while opening it, before anything else of Setu's codec is needed.
from . import codec

__all__ = ["codec"]

"""Reading the corpus: files -> Articles.

Walking a corpus folder and reading its files (``files``), bytes to text
(``decode``), the trailing source line and URL date (``source``), language
identification (``langid``) and the Article model (``article``).  Uses
``analysis`` and ``extraction``; knows nothing of translation or storage.
"""

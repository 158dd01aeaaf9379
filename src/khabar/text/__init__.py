"""The text layers every other stage stands on, each keeping offsets into the text as received.

- ``khabar.text.decode.decode_bytes``: bytes → text (UTF-8 ± BOM, UTF-16, Windows-1256).
- ``khabar.text.normalize``: ``normalize`` (folded view with a map back), ``fold``,
  ``fold_light``; the folding table is ``resources/normalization.tsv``.
- ``khabar.text.sentences.split_sentences``: sentences of news prose.
- ``khabar.text.tokens.tokenize``: words, numbers, model names, punctuation.
- ``khabar.text.clitics.analyze_token``: proclitics, stem and pronoun suffix of a token.
- ``khabar.text.stages``: the ``sentences`` and ``tokens`` pipeline stages.

Nothing is loaded until first used.
"""

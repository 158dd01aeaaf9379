"""Named entities: a neural tagger (BiLSTM-CRF, numpy at run time) over clitic-aware inputs,
mentions merged per article."""

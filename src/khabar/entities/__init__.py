"""Named entities: a CRF tagger over clitic-aware features, mentions merged per article."""

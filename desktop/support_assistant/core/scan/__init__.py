"""Personal-data scanning of text: detectors, engine, pseudonyms, identities and the leak check."""

"""Configure: topics, the article and the vocabulary, read from topics/, content/ and
sql/seeds/vocabulary.csv.
"""

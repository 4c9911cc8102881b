-- The article themes' synonyms as the theme rules compare them (norm_text), set after loading.
update article_themes set term_norm = norm_text(term)

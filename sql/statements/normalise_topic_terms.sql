-- The topic terms as the relevance rules compare them (norm_text), set after loading.
update topic_terms set term_norm = norm_text(term)

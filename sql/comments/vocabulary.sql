comment on table vocabulary is 'The one vocabulary of the outputs, loaded from sql/seeds/vocabulary.csv (Python reads the same file): each registry value or score component the page, exports and dashboards name, with its reader-facing label.';
comment on column vocabulary.kind is 'What the value is: status (overallStatus), phase, enrollment_type, component (a score component of trial_scores), sex (eligibility), sponsor_class (lead sponsor agency class, labelled in words for readers) or tier (a relevance tier; its default label, which topic_tiers may override per topic).';
comment on column vocabulary.value is 'The value as stored (API enum such as RECRUITING or PHASE2; component name such as recency).';
comment on column vocabulary.label is 'The label readers see, e.g. Recruiting, Phase 2, Recently updated.';
comment on column vocabulary.reason is 'The phrase used in a trial''s reasons (status and phase only), e.g. Recruiting now; null where none is given.';
comment on column vocabulary.tone is 'For statuses: open (taking participants), soon (about to) or closed; is_open() is true for open and soon.';
comment on column vocabulary.sort is 'Order within the kind (for phases, later phases sort higher).';

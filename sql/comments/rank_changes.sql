-- Descriptions of rank_changes; docs/schema.md is generated from them (make docs).
comment on view rank_changes is 'How each trial''s rank moved between a published run and the run published before it, per topic (raw_rankings). New entries have no old_rank; trials that left the list have no new_rank.';
comment on column rank_changes.topic is 'Topic slug.';
comment on column rank_changes.run_id is 'The later run of the pair.';
comment on column rank_changes.previous_run_id is 'The run published before it for the same topic.';
comment on column rank_changes.nct_id is 'ClinicalTrials.gov identifier.';
comment on column rank_changes.old_rank is 'Rank in the previous run (1 = best); null for a new entry.';
comment on column rank_changes.new_rank is 'Rank in the later run; null for a trial that left the list.';
comment on column rank_changes.places_up is 'old_rank - new_rank: positive = moved up; null for new entries and leavers.';
comment on column rank_changes.movement is 'up, down, same, new (not in the previous list) or left (not in the later list).';

-- When an import batch was removed (null: it was not).
select removed_at from raw_imports where batch_id = ?

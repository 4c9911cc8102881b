-- Mark an import batch as removed.
update raw_imports set removed_at = now()::timestamp where batch_id = ?

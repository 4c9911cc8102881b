-- The import batches, newest first (`trials import --list`).
select * from import_batches order by imported_at desc, batch_id desc

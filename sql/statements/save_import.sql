-- Record one import batch.
insert into raw_imports values (?, ?, ?, ?, null)

-- Every row of one relation as it is, named by the bound string: a snapshot's Parquet file.
select * from query_table(?)

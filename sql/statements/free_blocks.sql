-- Free and total blocks of the open database file (is it worth copying?).
select free_blocks, total_blocks from pragma_database_size()

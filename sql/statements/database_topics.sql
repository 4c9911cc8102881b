-- Every topic a database has fetched or ranked.
select topic from raw_fetches union select topic from raw_rankings order by 1

-- Every distinct version of every fetched or imported study: the only state that must survive.
-- A version is identified by the md5 of its JSON text; seeing it again only moves last_seen_at.
create table if not exists raw_studies (
    nct_id varchar not null,
    content_hash varchar not null,
    data_timestamp varchar,
    first_seen_at timestamp not null,
    last_seen_at timestamp not null,
    source varchar not null,
    record json not null,
    primary key (nct_id, content_hash)
);

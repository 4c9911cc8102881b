-- The modules AACT's site, contact, sponsor, reference and document tables read (facilities and
-- their contacts, central contacts, officials, sponsors, responsible party, references and their
-- retractions, links, IPD documents and info types, provided documents, removed countries,
-- unposted results events), parsed from each current record's JSON once: one json_transform per
-- record, one column per list or object the tables unnest.
--
-- A list or object the record lacks is null (no rows); an object that is present but empty is a
-- struct with every field null, which is one row in AACT's one-row-per-object tables
-- (responsible_parties, the lead sponsor), as AACT's loader makes one from `{}`. AACT's loader
-- takes the JSON value and ActiveRecord casts it by the column type: values bound for boolean
-- columns (the provided documents' flags) are read as text here and cast by aact_boolean,
-- which follows ActiveRecord's rules; text columns take the value as json_transform reads it.
--
-- Every study with a usable NCT id (NCT and 8 digits), quarantined ones included: the ids of
-- these tables are made from it (aact_id). The two parts follow sql/tables/study_parsed.sql (its
-- header says why); an incremental rebuild sets study_parsed_parts to 1.
-- build: intermediate
create or replace table aact_sites_parsed as
with current_studies as (
    select nct_id, content_hash
    from study_records
    where regexp_full_match(nct_id, 'NCT[0-9]{8}')
),

records as (
    -- A semi join hashes the small key table; an inner join may hash the records instead.
    select r.nct_id, r.record
    from raw_studies as r
    semi join (
        from current_studies
        where hash(nct_id) % coalesce(getvariable('study_parsed_parts'), 2) = 0
    ) as s
        on s.nct_id = r.nct_id and s.content_hash = r.content_hash
    union all
    select r.nct_id, r.record
    from raw_studies as r
    semi join (
        from current_studies
        where hash(nct_id) % coalesce(getvariable('study_parsed_parts'), 2) = 1
    ) as s
        on s.nct_id = r.nct_id and s.content_hash = r.content_hash
),

parsed as (
    select
        r.nct_id,
        json_transform(r.record, '{
            "protocolSection": {
                "sponsorCollaboratorsModule": {
                    "leadSponsor": {"name": "VARCHAR", "class": "VARCHAR"},
                    "collaborators": [{"name": "VARCHAR", "class": "VARCHAR"}],
                    "responsibleParty": {
                        "type": "VARCHAR", "investigatorFullName": "VARCHAR",
                        "investigatorTitle": "VARCHAR", "investigatorAffiliation": "VARCHAR",
                        "oldNameTitle": "VARCHAR", "oldOrganization": "VARCHAR"
                    }
                },
                "contactsLocationsModule": {
                    "centralContacts": [{
                        "name": "VARCHAR", "role": "VARCHAR", "phone": "VARCHAR",
                        "phoneExt": "VARCHAR", "email": "VARCHAR"
                    }],
                    "overallOfficials": [{"name": "VARCHAR", "affiliation": "VARCHAR", "role": "VARCHAR"}],
                    "locations": [{
                        "facility": "VARCHAR", "status": "VARCHAR", "city": "VARCHAR",
                        "state": "VARCHAR", "zip": "VARCHAR", "country": "VARCHAR",
                        "geoPoint": {"lat": "DOUBLE", "lon": "DOUBLE"},
                        "contacts": [{
                            "name": "VARCHAR", "role": "VARCHAR", "phone": "VARCHAR",
                            "phoneExt": "VARCHAR", "email": "VARCHAR"
                        }]
                    }]
                },
                "referencesModule": {
                    "references": [{
                        "pmid": "VARCHAR", "type": "VARCHAR", "citation": "VARCHAR",
                        "retractions": [{"pmid": "VARCHAR", "source": "VARCHAR"}]
                    }],
                    "seeAlsoLinks": [{"label": "VARCHAR", "url": "VARCHAR"}],
                    "availIpds": [{"id": "VARCHAR", "type": "VARCHAR", "url": "VARCHAR", "comment": "VARCHAR"}]
                },
                "ipdSharingStatementModule": {"infoTypes": ["VARCHAR"]}
            },
            "documentSection": {"largeDocumentModule": {"largeDocs": [{
                "label": "VARCHAR", "hasProtocol": "VARCHAR", "hasIcf": "VARCHAR",
                "hasSap": "VARCHAR", "date": "VARCHAR", "filename": "VARCHAR"
            }]}},
            "annotationSection": {"annotationModule": {"unpostedAnnotation": {
                "unpostedEvents": [{"type": "VARCHAR", "date": "VARCHAR"}]
            }}},
            "derivedSection": {"miscInfoModule": {"removedCountries": ["VARCHAR"]}}
        }') as j
    from records as r
),

final as (
    select
        nct_id,
        j.protocolSection.contactsLocationsModule.locations as locations,
        j.protocolSection.contactsLocationsModule.centralContacts as central_contacts,
        j.protocolSection.contactsLocationsModule.overallOfficials as overall_officials,
        j.protocolSection.sponsorCollaboratorsModule.leadSponsor as lead_sponsor,
        j.protocolSection.sponsorCollaboratorsModule.collaborators as collaborators,
        j.protocolSection.sponsorCollaboratorsModule.responsibleParty as responsible_party,
        j.protocolSection.referencesModule.references as reference_entries,
        j.protocolSection.referencesModule.seeAlsoLinks as see_also_links,
        j.protocolSection.referencesModule.availIpds as avail_ipds,
        j.protocolSection.ipdSharingStatementModule.infoTypes as info_types,
        j.documentSection.largeDocumentModule.largeDocs as large_docs,
        j.annotationSection.annotationModule.unpostedAnnotation.unpostedEvents as unposted_events,
        j.derivedSection.miscInfoModule.removedCountries as removed_countries
    from parsed
)

select * from final

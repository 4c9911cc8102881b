-- The resultsSection of each current record that has one, parsed once for AACT's results tables
-- (aact_outcomes, result_groups, outcome_*, baseline_*, reported_event*, milestones,
-- drop_withdrawals, participant_flows, result_agreements, result_contacts): one json_transform
-- per record, one struct column per module, only the fields those tables read.
--
-- Most studies have no results: a record whose text never holds the key "resultsSection" is
-- dropped by a substring test before any parse. A quote inside a JSON string is escaped, so the
-- quoted key can only be a key; a record that holds it deeper than the top gives a null struct.
--
-- AACT converts a value by its column's type after reading it (ActiveRecord), so values bound
-- for integer, numeric and boolean columns are read as text here and converted by the ar_* and
-- ruby_* macros, which follow Ruby's rules ('NA' is 0 in an integer column); json_transform's
-- own casts differ. calculatePct is read as JSON text: AACT tells a JSON false from any other
-- value. A module that is present gives a struct (all fields null if it is empty), a missing
-- one null: that decides AACT's one-row tables.
--
-- Every study with a usable NCT id (NCT and 8 digits), quarantined ones included: the ids of
-- the results tables are made from it (aact_id).
-- build: intermediate
create or replace table aact_results_parsed as
with current_studies as (
    select nct_id, content_hash
    from study_records
    where regexp_full_match(nct_id, 'NCT[0-9]{8}')
),

records as (
    select r.nct_id, r.record
    from raw_studies as r
    semi join current_studies as s
        on s.nct_id = r.nct_id and s.content_hash = r.content_hash
    where contains(r.record::varchar, '"resultsSection"')
),

parsed as (
    select
        nct_id,
        json_transform(record, '{"resultsSection": {
            "participantFlowModule": {
                "preAssignmentDetails": "VARCHAR",
                "recruitmentDetails": "VARCHAR",
                "typeUnitsAnalyzed": "VARCHAR",
                "groups": [{"id": "VARCHAR", "title": "VARCHAR", "description": "VARCHAR"}],
                "periods": [{
                    "title": "VARCHAR",
                    "milestones": [{
                        "type": "VARCHAR", "comment": "VARCHAR",
                        "achievements": [{
                            "groupId": "VARCHAR", "description": "VARCHAR",
                            "numSubjects": "VARCHAR", "numUnits": "VARCHAR"
                        }]
                    }],
                    "dropWithdraws": [{
                        "type": "VARCHAR", "comment": "VARCHAR",
                        "reasons": [{
                            "groupId": "VARCHAR", "comment": "VARCHAR",
                            "numSubjects": "VARCHAR", "numUnits": "VARCHAR"
                        }]
                    }]
                }]
            },
            "baselineCharacteristicsModule": {
                "groups": [{"id": "VARCHAR", "title": "VARCHAR", "description": "VARCHAR"}],
                "denoms": [{"units": "VARCHAR", "counts": [{"groupId": "VARCHAR", "value": "VARCHAR"}]}],
                "measures": [{
                    "title": "VARCHAR", "description": "VARCHAR", "populationDescription": "VARCHAR",
                    "paramType": "VARCHAR", "dispersionType": "VARCHAR", "unitOfMeasure": "VARCHAR",
                    "calculatePct": "JSON", "denomUnitsSelected": "VARCHAR",
                    "denoms": [{"units": "VARCHAR", "counts": [{"groupId": "VARCHAR", "value": "VARCHAR"}]}],
                    "classes": [{
                        "title": "VARCHAR",
                        "denoms": [{"units": "VARCHAR", "counts": [{"groupId": "VARCHAR", "value": "VARCHAR"}]}],
                        "categories": [{
                            "title": "VARCHAR",
                            "measurements": [{
                                "groupId": "VARCHAR", "value": "VARCHAR", "spread": "VARCHAR",
                                "lowerLimit": "VARCHAR", "upperLimit": "VARCHAR", "comment": "VARCHAR"
                            }]
                        }]
                    }]
                }]
            },
            "outcomeMeasuresModule": {"outcomeMeasures": [{
                "type": "VARCHAR", "title": "VARCHAR", "description": "VARCHAR",
                "populationDescription": "VARCHAR", "anticipatedPostingDate": "VARCHAR",
                "paramType": "VARCHAR", "dispersionType": "VARCHAR", "unitOfMeasure": "VARCHAR",
                "timeFrame": "VARCHAR", "typeUnitsAnalyzed": "VARCHAR",
                "groups": [{"id": "VARCHAR", "title": "VARCHAR", "description": "VARCHAR"}],
                "denoms": [{"units": "VARCHAR", "counts": [{"groupId": "VARCHAR", "value": "VARCHAR"}]}],
                "classes": [{
                    "title": "VARCHAR",
                    "categories": [{
                        "title": "VARCHAR",
                        "measurements": [{
                            "groupId": "VARCHAR", "value": "VARCHAR", "spread": "VARCHAR",
                            "lowerLimit": "VARCHAR", "upperLimit": "VARCHAR", "comment": "VARCHAR"
                        }]
                    }]
                }],
                "analyses": [{
                    "paramType": "VARCHAR", "paramValue": "VARCHAR",
                    "dispersionType": "VARCHAR", "dispersionValue": "VARCHAR",
                    "statisticalMethod": "VARCHAR", "statisticalComment": "VARCHAR",
                    "pValue": "VARCHAR", "pValueComment": "VARCHAR",
                    "ciNumSides": "VARCHAR", "ciPctValue": "VARCHAR",
                    "ciLowerLimit": "VARCHAR", "ciUpperLimit": "VARCHAR",
                    "ciUpperLimitComment": "VARCHAR", "estimateComment": "VARCHAR",
                    "nonInferiorityType": "VARCHAR", "nonInferiorityComment": "VARCHAR",
                    "otherAnalysisDescription": "VARCHAR", "groupDescription": "VARCHAR",
                    "groupIds": ["VARCHAR"]
                }]
            }]},
            "adverseEventsModule": {
                "frequencyThreshold": "VARCHAR", "timeFrame": "VARCHAR", "description": "VARCHAR",
                "eventGroups": [{
                    "id": "VARCHAR", "title": "VARCHAR", "description": "VARCHAR",
                    "deathsNumAffected": "VARCHAR", "deathsNumAtRisk": "VARCHAR",
                    "seriousNumAffected": "VARCHAR", "seriousNumAtRisk": "VARCHAR",
                    "otherNumAffected": "VARCHAR", "otherNumAtRisk": "VARCHAR"
                }],
                "seriousEvents": [{
                    "term": "VARCHAR", "organSystem": "VARCHAR", "sourceVocabulary": "VARCHAR",
                    "assessmentType": "VARCHAR",
                    "stats": [{
                        "groupId": "VARCHAR", "numEvents": "VARCHAR",
                        "numAffected": "VARCHAR", "numAtRisk": "VARCHAR"
                    }]
                }],
                "otherEvents": [{
                    "term": "VARCHAR", "organSystem": "VARCHAR", "sourceVocabulary": "VARCHAR",
                    "assessmentType": "VARCHAR",
                    "stats": [{
                        "groupId": "VARCHAR", "numEvents": "VARCHAR",
                        "numAffected": "VARCHAR", "numAtRisk": "VARCHAR"
                    }]
                }]
            },
            "moreInfoModule": {
                "certainAgreement": {
                    "piSponsorEmployee": "VARCHAR", "restrictionType": "VARCHAR",
                    "restrictiveAgreement": "VARCHAR", "otherDetails": "VARCHAR"
                },
                "pointOfContact": {
                    "title": "VARCHAR", "organization": "VARCHAR", "email": "VARCHAR",
                    "phone": "VARCHAR", "phoneExt": "VARCHAR"
                }
            }
        }}').resultsSection as results
    from records
),

final as (
    select
        nct_id,
        results.participantFlowModule as participant_flow,
        results.baselineCharacteristicsModule as baseline,
        results.outcomeMeasuresModule.outcomeMeasures as outcome_measures,
        results.adverseEventsModule as adverse_events,
        results.moreInfoModule.certainAgreement as certain_agreement,
        results.moreInfoModule.pointOfContact as point_of_contact
    from parsed
    where results is not null
)

select * from final

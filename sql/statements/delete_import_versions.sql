-- Delete the study versions an import batch landed.
delete from raw_studies where source = ? returning nct_id

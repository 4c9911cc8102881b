-- expect: runs
-- Reporting facts from calculated_values joined to studies.
SELECT s.nct_id, s.overall_status, cv.were_results_reported, cv.months_to_report_results,
       cv.number_of_facilities, cv.has_us_facility
FROM ctgov.studies s
JOIN ctgov.calculated_values cv ON cv.nct_id = s.nct_id
ORDER BY s.nct_id;

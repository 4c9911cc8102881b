"""Study record pieces the emulator searches: piece name -> JSON path, and the search areas.

Piece names and paths follow GET /api/v2/studies/metadata (the recorded tree in corpus/metadata/,
every leaf of it); a path walks dicts by key and lists element by element.
"""

import json
from collections.abc import Iterable, Iterator
from functools import cache

from pipeline.core import resources

METADATA_PATH = resources.path("corpus/metadata/studies-metadata.aact-2024-10-08.json")


@cache
def metadata() -> list[dict]:
    """Return the recorded /studies/metadata field tree (a list of FieldNode objects)."""
    return json.loads(METADATA_PATH.read_text(encoding="utf-8"))


def iter_nodes(nodes: Iterable[dict] | None = None, path: tuple[str, ...] = ()) -> Iterator:
    """Yield (path, node) for every node of the metadata tree, depth first."""
    for node in metadata() if nodes is None else nodes:
        here = (*path, node["name"])
        yield here, node
        yield from iter_nodes(node.get("children", ()), here)


_LEAVES = [(path, node) for path, node in iter_nodes() if not node.get("children")]
_NAMED: dict[str, str] = {
    "NCTId": "protocolSection.identificationModule.nctId",
    "NCTIdAlias": "protocolSection.identificationModule.nctIdAliases",
    "OrgStudyId": "protocolSection.identificationModule.orgStudyIdInfo.id",
    "SecondaryId": "protocolSection.identificationModule.secondaryIdInfos.id",
    "BriefTitle": "protocolSection.identificationModule.briefTitle",
    "OfficialTitle": "protocolSection.identificationModule.officialTitle",
    "Acronym": "protocolSection.identificationModule.acronym",
    "OverallStatus": "protocolSection.statusModule.overallStatus",
    "StartDate": "protocolSection.statusModule.startDateStruct.date",
    "PrimaryCompletionDate": "protocolSection.statusModule.primaryCompletionDateStruct.date",
    "CompletionDate": "protocolSection.statusModule.completionDateStruct.date",
    "StudyFirstSubmitDate": "protocolSection.statusModule.studyFirstSubmitDate",
    "StudyFirstPostDate": "protocolSection.statusModule.studyFirstPostDateStruct.date",
    "ResultsFirstPostDate": "protocolSection.statusModule.resultsFirstPostDateStruct.date",
    "LastUpdateSubmitDate": "protocolSection.statusModule.lastUpdateSubmitDate",
    "LastUpdatePostDate": "protocolSection.statusModule.lastUpdatePostDateStruct.date",
    "LeadSponsorName": "protocolSection.sponsorCollaboratorsModule.leadSponsor.name",
    "CollaboratorName": "protocolSection.sponsorCollaboratorsModule.collaborators.name",
    "BriefSummary": "protocolSection.descriptionModule.briefSummary",
    "DetailedDescription": "protocolSection.descriptionModule.detailedDescription",
    "Condition": "protocolSection.conditionsModule.conditions",
    "Keyword": "protocolSection.conditionsModule.keywords",
    "StudyType": "protocolSection.designModule.studyType",
    "Phase": "protocolSection.designModule.phases",
    "EnrollmentCount": "protocolSection.designModule.enrollmentInfo.count",
    "ArmGroupLabel": "protocolSection.armsInterventionsModule.armGroups.label",
    "ArmGroupDescription": "protocolSection.armsInterventionsModule.armGroups.description",
    "InterventionType": "protocolSection.armsInterventionsModule.interventions.type",
    "InterventionName": "protocolSection.armsInterventionsModule.interventions.name",
    "InterventionDescription": "protocolSection.armsInterventionsModule.interventions.description",
    "InterventionOtherName": "protocolSection.armsInterventionsModule.interventions.otherNames",
    "PrimaryOutcomeMeasure": "protocolSection.outcomesModule.primaryOutcomes.measure",
    "PrimaryOutcomeDescription": "protocolSection.outcomesModule.primaryOutcomes.description",
    "SecondaryOutcomeMeasure": "protocolSection.outcomesModule.secondaryOutcomes.measure",
    "SecondaryOutcomeDescription": "protocolSection.outcomesModule.secondaryOutcomes.description",
    "OtherOutcomeMeasure": "protocolSection.outcomesModule.otherOutcomes.measure",
    "OtherOutcomeDescription": "protocolSection.outcomesModule.otherOutcomes.description",
    "EligibilityCriteria": "protocolSection.eligibilityModule.eligibilityCriteria",
    "Sex": "protocolSection.eligibilityModule.sex",
    "MinimumAge": "protocolSection.eligibilityModule.minimumAge",
    "MaximumAge": "protocolSection.eligibilityModule.maximumAge",
    "StdAge": "protocolSection.eligibilityModule.stdAges",
    "LocationFacility": "protocolSection.contactsLocationsModule.locations.facility",
    "LocationStatus": "protocolSection.contactsLocationsModule.locations.status",
    "LocationCity": "protocolSection.contactsLocationsModule.locations.city",
    "LocationState": "protocolSection.contactsLocationsModule.locations.state",
    "LocationZip": "protocolSection.contactsLocationsModule.locations.zip",
    "LocationCountry": "protocolSection.contactsLocationsModule.locations.country",
    "ConditionMeshTerm": "derivedSection.conditionBrowseModule.meshes.term",
    "ConditionAncestorTerm": "derivedSection.conditionBrowseModule.ancestors.term",
    "InterventionMeshTerm": "derivedSection.interventionBrowseModule.meshes.term",
    "InterventionAncestorTerm": "derivedSection.interventionBrowseModule.ancestors.term",
    "HasResults": "hasResults",
}
PIECES: dict[str, str] = {node["piece"]: ".".join(path) for path, node in _LEAVES} | _NAMED
# Counts the real API indexes without storing them (includeIndexedOnly): piece -> counted list.
COUNT_PIECES: dict[str, str] = {"NumArmGroups": "protocolSection.armsInterventionsModule.armGroups"}
PIECES |= COUNT_PIECES
_SOURCE = {node["piece"]: node["sourceType"] for _, node in _LEAVES}
DATE_PIECES = frozenset(p for p in PIECES if _SOURCE.get(p) == "DATE" or p.endswith("Date"))
NUMERIC_PIECES = frozenset({p for p in PIECES if _SOURCE.get(p) == "NUMERIC"} | set(COUNT_PIECES))
# Ages and durations ("18 Years", "6 Months"): RANGE bounds are times such as "16 years".
TIME_PIECES = frozenset(p for p in PIECES if _SOURCE.get(p) == "TIME")
# The nested documents of a study (the metadata's `nested` nodes: Location), by piece name, as
# the path of their list; SEARCH[Location](...) matches within one element of that list.
NESTED: dict[str, tuple[str, ...]] = {
    node["piece"]: path for path, node in iter_nodes() if node.get("nested")
}
# The pieces inside each nested document: piece -> its keys below one element.
NESTED_PIECES: dict[str, dict[str, tuple[str, ...]]] = {
    name: {
        piece: tuple(keys[len(path) :])
        for piece, dotted in PIECES.items()
        if (keys := tuple(dotted.split(".")))[: len(path)] == path and len(keys) > len(path)
    }
    for name, path in NESTED.items()
}


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# The pieces each search area (query.* parameter) covers; None = every string value.
AREAS: dict[str, tuple[str, ...] | None] = {
    "BasicSearch": None,
    "ConditionSearch": _names(
        "Condition BriefTitle OfficialTitle Keyword ConditionMeshTerm ConditionAncestorTerm"
    ),
    "InterventionSearch": _names(
        "InterventionName InterventionType InterventionOtherName InterventionDescription "
        "InterventionMeshTerm InterventionAncestorTerm"
    ),
    "TitleSearch": _names("BriefTitle OfficialTitle Acronym"),
    "LocationSearch": _names(
        "LocationFacility LocationCity LocationState LocationZip LocationCountry"
    ),
    "SponsorSearch": _names("LeadSponsorName CollaboratorName"),
    "OutcomeSearch": _names(
        "PrimaryOutcomeMeasure PrimaryOutcomeDescription SecondaryOutcomeMeasure "
        "SecondaryOutcomeDescription OtherOutcomeMeasure OtherOutcomeDescription"
    ),
    "IdSearch": _names("NCTId NCTIdAlias OrgStudyId SecondaryId Acronym"),
}

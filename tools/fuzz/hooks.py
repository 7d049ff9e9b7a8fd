"""Schemathesis hooks of the OpenAPI fuzz run (tools/fuzz/schemathesis.ts loads them through SCHEMATHESIS_HOOKS).

Some rules of the API are over data or between fields, which no JSON Schema of the document can state:
a category code must name a category, a partner must hold the agreement named, a NIP holds a real birth
date and an appointment after it, `from` is not after `to`. A request breaking one is refused (400), as it
should be. Rather than accept those refusals, the generated positive cases are given real data here: the
records tools/fuzz/fixtures.ts made before the run (its JSON at FUZZ_FIXTURES), and values shaped to the
rule from what Hypothesis drew. Negative cases are left as drawn. Each rule is named where it is applied.
A few parameters are never sent (NOT_GENERATED), and requests Node's HTTP parser refuses before any route
are left out (filter_case), each with its reason.
"""
import datetime
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request

import schemathesis
from schemathesis.generation.modes import GenerationMode

with open(os.environ["FUZZ_FIXTURES"], encoding="utf-8") as fixtures_file:
    FIXTURES = json.load(fixtures_file)

# Parameters the run never sends, with the reason: their valid values exist only once the server issued them.
NOT_GENERATED = {
    "cursor": "opaque: only a nextCursor a list issued, for the filters it was issued with, is valid; a drawn one is refused",
}
NOT_GENERATED_HEADERS = {
    "if-match": "only the ETag of the record's current version passes; a drawn or earlier one is 412, as the document says",
    "if-none-match": "`*` on a document that exists is 412, as the document says; whether one exists is data",
}
# accountability's metric series: at most this many periods (apps/accountability/src/metrics/series-periods.ts).
MAX_SERIES_PERIODS = 400


def valid_nip(drawn):
    """A NIP libs/citizens parseNip accepts, made from the drawn digits: birth date, appointment after it, gender, serial."""
    digits = "".join(ch for ch in str(drawn) if ch.isdigit()).ljust(18, "0")
    number = lambda start, end: int(digits[start:end])
    birth_year = 1960 + number(0, 4) % 40
    birth_month = 1 + number(4, 6) % 12
    birth_day = 1 + number(6, 8) % 28
    appointed_year = birth_year + 18 + number(8, 12) % 20
    appointed_month = 1 + number(12, 14) % 12
    gender = 1 + number(14, 15) % 2
    serial = 1 + number(15, 18) % 999
    return f"{birth_year:04d}{birth_month:02d}{birth_day:02d}{appointed_year:04d}{appointed_month:02d}{gender}{serial:03d}"


def real_date(text, year=None):
    """A YYYY-MM-DD date that exists, from a drawn one (a pattern cannot say how long a month is), in `year` when given."""
    try:
        drawn_year, month, day = (int(part) for part in str(text).split("-"))
    except ValueError:
        return text
    year = min(max(year if year is not None else drawn_year, 1), 9999)
    month = min(max(month, 1), 12)
    return datetime.date(year, month, min(max(day, 1), 28)).isoformat()


def within(text, first, last):
    return min(max(real_date(text), first), last)


def fix_complaint(case):
    # categoryCode names a category of GET /v1/complaint-categories.
    if isinstance(case.body, dict) and "categoryCode" in case.body:
        codes = FIXTURES["categoryCodes"]
        case.body["categoryCode"] = codes[len(str(case.body["categoryCode"])) % len(codes)]


def fix_permit_application(case):
    # permitTypeCode names a type of GET /v1/permit-types; the applicant's id is not their NIK.
    body = case.body
    if not isinstance(body, dict):
        return
    if "permitTypeCode" in body:
        codes = FIXTURES["permitTypeCodes"]
        body["permitTypeCode"] = codes[len(str(body["permitTypeCode"])) % len(codes)]
    applicant = body.get("applicant")
    if isinstance(applicant, dict) and applicant.get("applicantId") == applicant.get("nik"):
        applicant["applicantId"] = f"citizen-{applicant['applicantId']}"[:100]


def without_blank_strings(value):
    """Text the services trim and then require (names, reasons, references, addresses) is never only spaces."""
    if isinstance(value, dict):
        return {key: without_blank_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_blank_strings(item) for item in value]
    if isinstance(value, str) and value and not value.strip():
        return "x" * len(value)
    return value


def fix_archive(case):
    # duplicateOf names an existing complaint; the reason duplicate needs one.
    if isinstance(case.body, dict) and (case.body.get("duplicateOf") is not None or case.body.get("reason") == "duplicate"):
        case.body["duplicateOf"] = FIXTURES["complaintId"]


def fix_agreement_reference(case):
    # The partner holds the agreement named, and it covers internships and research.
    if isinstance(case.body, dict):
        case.body["partnerId"] = FIXTURES["partnerId"]
        case.body["agreementId"] = FIXTURES["agreementId"]


# The register's agency ids (apps/accountability REGISTER_AGENCY_ID, at most 60 characters).
REGISTER_AGENCY_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def registered_agency(drawn):
    """An active agency of the register: the fuzzer's own (a drawn id is mostly no agency, or one an earlier run retired)."""
    return FIXTURES["clientAgencyId"]


def fix_agency_reference(case):
    # agencyId names an agency the register holds as active (the services refuse others with 422).
    if isinstance(case.body, dict) and "agencyId" in case.body:
        case.body["agencyId"] = registered_agency(case.body["agencyId"])


def fix_program_provider(case):
    # An agency providing a program is an active agency of the register.
    provider = case.body.get("provider") if isinstance(case.body, dict) else None
    if isinstance(provider, dict) and provider.get("kind") == "agency" and "id" in provider:
        provider["id"] = registered_agency(provider["id"])


def aim_register_write_at_own_agency(case):
    """A rename or retirement changes only the agency the fixtures registered for this run, in every generation mode.

    Its events travel on accountability.events, which every test's services follow: a drawn id may be a seeded
    agency's (the document's examples name them), and retiring dpmptsp refused it in every later request and test.
    An id no agency can have is left as drawn (a negative case's 404).
    """
    agency_id = (case.path_parameters or {}).get("agencyId")
    if isinstance(agency_id, str) and len(agency_id) <= 60 and REGISTER_AGENCY_ID.match(agency_id):
        case.path_parameters["agencyId"] = FIXTURES["ownAgencyId"]


def fix_research_project(case):
    fix_agreement_reference(case)
    fix_agency_reference(case)


def fix_internship(case):
    fix_agreement_reference(case)
    fix_agency_reference(case)
    body = case.body
    if not isinstance(body, dict):
        return
    if "supervisorNip" in body:
        body["supervisorNip"] = valid_nip(body["supervisorNip"])
    # The internship falls inside the agreement and does not end before it starts.
    if "startsOn" in body and "endsOn" in body:
        first, last = FIXTURES["agreementFrom"], FIXTURES["agreementUntil"]
        starts, ends = sorted([within(body["startsOn"], first, last), within(body["endsOn"], first, last)])
        body["startsOn"], body["endsOn"] = starts, ends


def fix_nip_path(case):
    if case.path_parameters and "nip" in case.path_parameters:
        case.path_parameters["nip"] = valid_nip(case.path_parameters["nip"])


def fix_calendar(case):
    # Each day of the year in the path, listed once across nationalHolidays and collectiveLeave.
    body = case.body
    year = str((case.path_parameters or {}).get("year", ""))
    if not isinstance(body, dict) or not year.isdigit():
        return
    year = int(year)
    seen = set()
    for name in ("nationalHolidays", "collectiveLeave"):
        days = body.get(name)
        if not isinstance(days, list):
            continue
        kept = []
        for day in days:
            if isinstance(day, dict) and isinstance(day.get("date"), str):
                day["date"] = real_date(day["date"], year)
                if day["date"] in seen:
                    continue
                seen.add(day["date"])
            kept.append(day)
        body[name] = kept


def jakarta_today():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date()


def days_off(year):
    """The days off of a published calendar year, read through the gateway; None when the year is not published."""
    request = urllib.request.Request(f"{os.environ['FUZZ_GATEWAY_URL']}/v1/calendar/{year}", headers={"Authorization": f"Bearer {os.environ['FUZZ_TOKEN']}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            calendar = json.load(response)
    except urllib.error.HTTPError:
        return None
    return {day["date"] for day in calendar.get("days", [])} if calendar.get("status") == "published" else None


def fix_amendment(case):
    # An amendment changes days of its year still to come: it adds days not yet off, each once, and removes
    # days that are off and not added; it changes at least one. Which days are off is the calendar's data.
    body = case.body
    year = str((case.path_parameters or {}).get("year", ""))
    if not isinstance(body, dict) or not year.isdigit():
        return
    year, today = int(year), jakarta_today().isoformat()
    current = days_off(year)
    if current is None:
        return
    added, kept = set(), []
    for day in body.get("add") or []:
        if isinstance(day, dict) and isinstance(day.get("date"), str):
            day["date"] = real_date(day["date"], year)
            if day["date"] < today or day["date"] in current or day["date"] in added:
                continue
            added.add(day["date"])
        kept.append(day)
    body["add"] = kept
    body["remove"] = sorted(date for date in current if date >= today and date not in added)[: len(body.get("remove") or [])]
    if not body["add"] and not body["remove"]:
        free = next((date for date in (datetime.date(year, 12, 31) - datetime.timedelta(days=n) for n in range(365)) if date.isoformat() >= today and date.isoformat() not in current), None)
        if free is not None:
            body["add"] = [{"date": free.isoformat(), "name": "Cuti bersama", "kind": "collective-leave"}]


def period_start(text):
    parts = [int(part) for part in text.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    return datetime.date(year, month, min(day, 28))


def period_index(date, granularity):
    if granularity == "day":
        return date.toordinal()
    if granularity == "year":
        return date.year
    return date.year * 12 + date.month - 1


def fix_metric_series(case):
    # from is not after to (to defaults to the current period), and at most 400 periods between them.
    query = case.query
    if not query or "from" not in query:
        return
    granularity = query.get("period", "month")
    for name in ("from", "to"):
        if name in query and str(query[name]).count("-") == 2:
            query[name] = real_date(query[name])
    today = jakarta_today().isoformat()
    to = query.get("to", today)
    first, last = period_index(period_start(query["from"]), granularity), period_index(period_start(to), granularity)
    if first > last:
        query["from"], query["to"] = to, query["from"]
        first, last = last, first
    if last - first + 1 > MAX_SERIES_PERIODS:
        query["from"] = query.get("to", today)


def fix_webhook_endpoint(case):
    # An endpoint is an https URL of a public host (the server-side request forgery rules); the service resolves it only to deliver.
    if isinstance(case.body, dict) and "url" in case.body:
        case.body["url"] = "https://hooks.example.invalid/fuzz"


FIXES = {
    ("POST", "/v1/complaints"): fix_complaint,
    ("POST", "/v1/permit-applications"): fix_permit_application,
    ("POST", "/v1/complaints/{id}/archive"): fix_archive,
    ("POST", "/v1/internships"): fix_internship,
    ("POST", "/v1/research-projects"): fix_research_project,
    ("POST", "/v1/civil-servants"): fix_agency_reference,
    ("POST", "/v1/civil-servants/{nip}/transfer"): fix_agency_reference,
    ("POST", "/v1/complaints/{id}/verify"): fix_agency_reference,
    ("POST", "/v1/complaints/{id}/reroute"): fix_agency_reference,
    ("POST", "/v1/admin/clients"): fix_agency_reference,
    ("POST", "/v1/training-programs"): fix_program_provider,
    ("PATCH", "/v1/training-programs/{id}"): fix_program_provider,
    ("PUT", "/v1/calendar/{year}"): fix_calendar,
    ("POST", "/v1/calendar/{year}/amendments"): fix_amendment,
    ("GET", "/v1/metrics/agencies/{agencyId}"): fix_metric_series,
    ("POST", "/v1/webhook-subscriptions"): fix_webhook_endpoint,
    ("PATCH", "/v1/webhook-subscriptions/{subscriptionId}"): fix_webhook_endpoint,
}


# Applied to every case, negative ones too: they change what no test may change.
SAFETY_FIXES = {
    ("PATCH", "/v1/agencies/{agencyId}"): aim_register_write_at_own_agency,
    ("POST", "/v1/agencies/{agencyId}/retire"): aim_register_write_at_own_agency,
}


def with_real_data(case):
    safety_fix = SAFETY_FIXES.get((case.operation.method.upper(), case.operation.path))
    if safety_fix:
        safety_fix(case)
    meta = case.meta
    if meta is not None and meta.generation.mode != GenerationMode.POSITIVE:
        return case
    if case.query:
        for name in NOT_GENERATED:
            case.query.pop(name, None)
    if case.headers:
        for name in [name for name in case.headers if name.lower() in NOT_GENERATED_HEADERS]:
            del case.headers[name]
    if isinstance(case.body, (dict, list)):
        case.body = without_blank_strings(case.body)
    fix_nip_path(case)
    fix = FIXES.get((case.operation.method.upper(), case.operation.path))
    if fix:
        fix(case)
    return case


# Node's HTTP parser answers these itself, before any route: a request line and headers over its 16 KB
# (431), and a header value holding a control character, which no HTTP field value may (400, RFC 9110 5.5).
# Either way the connection closes on the unread body, which the fuzzer reports as a network error.
MAX_REQUEST_HEAD_BYTES = 12 * 1024


def request_head_bytes(case):
    query = urllib.parse.urlencode({key: json.dumps(value) if isinstance(value, (dict, list)) else value for key, value in (case.query or {}).items()}, doseq=True)
    path = case.operation.path
    for name, value in (case.path_parameters or {}).items():
        path = path.replace("{" + name + "}", urllib.parse.quote(str(value), safe=""))
    headers = sum(len(str(name)) + len(str(value).encode("utf-8")) + 4 for name, value in (case.headers or {}).items())
    return len(path) + len(query) + headers


def carried_by_http(case):
    if request_head_bytes(case) > MAX_REQUEST_HEAD_BYTES:
        return False
    return not any(any(ord(ch) < 0x20 and ch != "\t" or ord(ch) == 0x7F for ch in str(value)) for value in (case.headers or {}).values())


@schemathesis.hook
def filter_case(context, case):
    return carried_by_http(case)


@schemathesis.hook
def map_case(context, case):
    return with_real_data(case)


@schemathesis.hook
def before_add_examples(context, examples):
    for case in examples:
        with_real_data(case)

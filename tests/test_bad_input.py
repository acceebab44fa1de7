"""Bad input, class by class: each is refused with the library's own error, naming file, event and field, quoting
the user's text (shortened), never a repr of library internals; and every problem of a folder comes in one
LoadError. Each case mutates a copy of the shipped record."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import aitimeline as at
from aitimeline._formats import loading as _loading
from tests.helpers import SOURCE, ev


@pytest.fixture(autouse=True, params=["rtoml", "tomllib"])
def toml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test here runs with the ``fast`` extra's parser (rtoml) and without it (tomllib alone): the problems
    and their messages must be the same."""
    if request.param == "tomllib":
        monkeypatch.setattr(_loading, "_fast_toml", lambda: None)
    else:
        assert _loading._fast_toml() is not None, "the test extra installs rtoml"
    return str(request.param)


EVENTS = Path(__file__).resolve().parents[1] / "events"
INVEST = "2019-07-22-microsoft-invests-1bn-2019.toml"
AZURE = "2025-10-28-microsoft-openai-definitive-agreement-2025.toml"
RECAP = "2025-10-28-openai-becomes-openai-foundation-2025.toml"
ROUND = "2026-03-31-openai-valuation-852bn-2026.toml"
LEAKS = ("Attribute(", "typing.", "Traceback", "unknown error", "<class", "object at 0x")

Mutation = Callable[[Path], object]  # what it returns is ignored


def replace(old: str, new: str, file: str = INVEST) -> Mutation:
    def mutate(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def add_file(name: str, text: str) -> Mutation:
    return lambda folder: (folder / name).write_text(text, encoding="utf-8")


def retraction(event_id: str, retracts: str, date: str = "2026-01-01") -> str:
    return f"""schema = 1
date = "{date}"

[[sources]]
publisher = "Test"
title = "A test source"
published = "{date}"

[[events]]
type = "Retracted"
id = "{event_id}"
summary = "A test retraction."
retracts = "{retracts}"
"""


def deep_file(schema: int, body: str) -> Mutation:
    """A file of one good event (at ``schema``) with ``body`` added after it: tables or arrays nested deep."""
    return add_file(
        DEEP,
        f'schema = {schema}\ndate = "2026-01-01"\n\n[[sources]]\npublisher = "Test"\ntitle = "A test source"\n'
        'published = "2026-01-01"\n\n[[events]]\ntype = "Retracted"\nid = "deep"\nsummary = "A test retraction."\n'
        f'retracts = "microsoft-invests-1bn-2019"\n{body}',
    )


BLOOMBERG = 'url = "https://www.bloomberg.com/news/articles/2019-07-22/move-over-elon-musk-microsoft-to-invest-1-billion-in-openai"'
URL = "events[0].sources[2].url"  # the file's third source (Bloomberg), merged into its first event's sources
STAFF = "2023-11-20-openai-staff-letter-2023.toml"
ALTERNATIVE_SOURCE = (  # the alternative's source; the same source is the file's second
    '[[events.alternatives.sources]]\npublisher = "CNBC (via NBC Chicago)"\ntitle = "Microsoft exec says OpenAI '
    'employees can join with same compensation"\npublished = "2023-11-21"\n'
)
NBC = (
    'url = "https://nbcchicago.com/news/business/money-report/microsoft-exec-says-openai-employees-can-join-with-same'
    '-compensation/3284259/?amp=1"'
)
DEEP = "2026-01-01-deep.toml"
TABLE_5000 = "[events.deep." + ".".join(["a"] * 4999) + "]\nb = 1\n"  # a table nested 5,000 deep in the event
ARRAYS_5000 = "deep = " + "[\n" * 5000 + "]\n" * 5000  # over lines: no line is long
TABLES_IN_ARRAYS_5000 = "deep = " + "[{a = [\n" * 2500 + "]}]\n" * 2500
TABLE_200 = "[events.deep." + ".".join(["a"] * 199) + "]\nb = 1\n"  # a short line, read, then measured
ARRAYS_40 = "deep = " + "[\n" * 40 + "]\n" * 40


def problems_of(mutate: Mutation, tmp_path: Path) -> list[at.errors.Problem]:
    """The problems of the shipped record after ``mutate``, checking that load() and check() agree."""
    folder = tmp_path / "events"
    shutil.copytree(EVENTS, folder)
    mutate(folder)
    found = at.io.check(folder)
    with pytest.raises(at.errors.LoadError) as caught:
        at.load(folder)
    assert list(caught.value.problems) == found
    for problem in found:
        assert not any(leak in str(problem) for leak in LEAKS), str(problem)
        assert len(str(problem)) < 1000 + len(str(folder))
    return found


def only(problems: list[at.errors.Problem], file: str | None = None) -> at.errors.Problem:
    mine = [p for p in problems if file is None or (p.file or "").endswith(file)]
    assert mine, problems
    return mine[0]


# (case id, mutation, file at fault, event id at fault or None, field path, words the message says)
CASES: list[tuple[str, Mutation, str, str | None, str, str]] = [
    # files the loader cannot read
    ("folder-named-toml", lambda f: (f / "x.toml").mkdir(), "x.toml", None, "", "not a regular file"),
    ("symlink-loop", lambda f: os.symlink(f / "y.toml", f / "y.toml"), "y.toml", None, "", "cannot be followed"),
    ("broken-symlink", lambda f: os.symlink(f / "gone", f / "z.toml"), "z.toml", None, "", "cannot be followed"),
    ("not-utf8", lambda f: (f / INVEST).write_bytes(b"schema = 1\n\xff\xfe"), INVEST, None, "", "not UTF-8"),
    (
        "too-big",
        lambda f: (f / "big.toml").write_bytes(b"# " + b"x" * at.io.MAX_FILE_BYTES),
        "big.toml",
        None,
        "",
        "above the limit",
    ),
    ("syntax", replace("schema = 2", "schema = 2\n[[[x"), INVEST, None, "", "not valid TOML"),
    (
        "deep-inline-tables",
        add_file("deep.toml", "schema = 1\nx = " + "{a=" * 400 + "1" + "}" * 400 + "\n"),
        "deep.toml",
        None,
        "",
        "nested too deeply",
    ),
    # nested deeper than a file may (32 levels), each at both schemas: a LoadError naming the file, never a
    # RecursionError (from the parser, the upcaster's copy, the converter or a message quoting the value)
    *(
        (f"{what}-schema-{schema}", deep_file(schema, body), DEEP, None, "", words)
        for schema in (1, 2)
        for what, body, words in [
            ("table-5000-deep", TABLE_5000, "a line holds more than 256 dots (a dotted key that long is nested too"),
            ("arrays-5000-deep", ARRAYS_5000, "nested too deeply (more than 32 levels)"),
            ("tables-in-arrays-5000-deep", TABLES_IN_ARRAYS_5000, "nested too deeply (more than 32 levels)"),
            ("table-200-deep", TABLE_200, "nested too deeply (more than 32 levels)"),
            ("arrays-40-deep", ARRAYS_40, "nested too deeply (more than 32 levels)"),
        ]
    ),
    # a source's address is an http or https URL, in a file's sources, an event's and an alternative's
    *(
        (f"url-{what}", replace(BLOOMBERG, f"url = {toml}"), INVEST, "microsoft-invests-1bn-2019", URL, words)
        for what, toml, words in [
            ("javascript", '"javascript:alert(1)"', "expected an http:// or https:// address, got 'javascript:alert"),
            ("data", '"data:text/html,<script>alert(1)</script>"', "expected an http:// or https:// address"),
            ("file", '"file:///etc/passwd"', "expected an http:// or https:// address, got 'file:///etc/passwd'"),
            ("ftp", '"ftp://example.com/report.pdf"', "expected an http:// or https:// address"),
            ("relative", '"reports/2019.pdf"', "expected an http:// or https:// address, got 'reports/2019.pdf'"),
            ("no-host", '"https:///reports"', "an address names a host after https://"),
            ("space", '"https://example.com/a report"', "an address cannot hold spaces or control characters"),
            ("control", '"https://example.com/\\u0007"', "an address cannot hold spaces or control characters"),
            ("quote", "'https://example.com/\"onmouseover=\"alert(1)'", 'cannot hold < > " ` { } | \\ ^ as they are'),
        ]
    ),
    (
        "url-of-an-alternative",
        replace(ALTERNATIVE_SOURCE + NBC, ALTERNATIVE_SOURCE + 'url = "javascript:alert(1)"', STAFF),
        STAFF,
        "openai-staff-letter-2023",
        "events[0].alternatives[0].sources[0].url",
        "expected an http:// or https:// address, got 'javascript:alert(1)'",
    ),
    # schema
    ("schema-newer", replace("schema = 2", "schema = 99"), INVEST, None, "schema", "upgrade aitimeline"),
    ("schema-missing", replace("schema = 2\n", ""), INVEST, None, "schema", "expected schema = 2"),
    ("schema-text", replace("schema = 2", 'schema = "2"'), INVEST, None, "schema", "an integer"),
    # texts too long for a parser, quoted short
    (
        "long-date",
        replace('date = "2019-07-22"', 'date = "July ' + "9" * 1_000_000 + ' 2019"'),
        INVEST,
        "microsoft-invests-1bn-2019",
        "events[0].date",
        "too long",
    ),
    (
        "long-number",
        replace('value = "1000000000"', 'value = "' + "1" * 1_000_000 + '"'),
        INVEST,
        "microsoft-invests-1bn-2019",
        "events[0].amount",
        "too long",
    ),
    (
        "long-id",
        replace('id = "microsoft-invests-1bn-2019"', 'id = "' + "a" * 500 + '"'),
        INVEST,
        "a" * 100,
        "events[0].id",
        "at most 120 characters",
    ),
    # nonsense that used to load
    (
        "negative-money",
        replace('value = "1000000000"', 'value = "-1000000000"'),
        INVEST,
        "microsoft-invests-1bn-2019",
        "events[0].amount",
        "cannot be negative, got -$1 billion",
    ),
    (
        "negative-gigawatts",
        replace('gigawatts = {value = "6"', 'gigawatts = {value = "-6"', "2025-10-05-amd-openai-6gw-2025.toml"),
        "2025-10-05-amd-openai-6gw-2025.toml",
        "amd-openai-6gw-2025",
        "events[0].gigawatts",
        "cannot be negative",
    ),
    (
        "not-a-currency",
        replace('currency = "USD"', 'currency = "UDS"'),
        INVEST,
        "microsoft-invests-1bn-2019",
        "events[0].amount.currency",
        "'UDS' is not an ISO 4217 currency code",
    ),
    (
        "lower-case-currency",
        replace('currency = "USD"', 'currency = "usd"'),
        INVEST,
        "microsoft-invests-1bn-2019",
        "events[0].amount.currency",
        "did you mean 'USD'?",
    ),
    (
        "blank-summary",
        replace(
            'summary = "Microsoft invests $1 billion in OpenAI (OpenAI LP) to support its work on artificial general '
            'intelligence."',
            'summary = "   "',
        ),
        INVEST,
        "microsoft-invests-1bn-2019",
        "events[0].summary",
        "blank",
    ),
    (
        "retracts-itself",
        add_file("2026-01-01-r.toml", retraction("r", "r")),
        "2026-01-01-r.toml",
        "r",
        "events[0].retracts",
        "cannot retract itself",
    ),
    (
        "retraction-cycle",
        lambda f: (
            [add_file(f"2026-01-01-{a}.toml", retraction(a, b))(f) for a, b in (("ra", "rb"), ("rb", "ra"))] and None
        ),
        "2026-01-01-ra.toml",
        "ra",
        "retracts",
        "cycle (ra -> rb -> ra)",
    ),
    # vague messages made clear
    (
        "literal",
        replace(
            'valuation_basis = "post-money"',
            'valuation_basis = "post-mony"',
            "2025-03-31-softbank-openai-round-2025.toml",
        ),
        "2025-03-31-softbank-openai-round-2025.toml",
        "softbank-openai-round-2025",
        "events[0].valuation_basis",
        "'post-mony' is not one of 'pre-money', 'post-money' (did you mean 'post-money'?)",
    ),
    (
        "unregistered-word",
        replace('stage = "definitive"', 'stage = "definitve"', AZURE),
        AZURE,
        "openai-azure-250bn-2025",
        "stage",
        "'definitve' is not a registered stage (did you mean 'definitive'?)",
    ),
    (
        "person-for-an-organisation",
        replace('investee = "openai-group"', 'investee = "sam-altman"'),
        INVEST,
        "microsoft-invests-1bn-2019",
        "investee",
        "'sam-altman' is a person, not an organisation",
    ),
    (
        "text-for-an-array",
        replace('parties = ["microsoft", "openai-group"]', 'parties = "microsoft"'),
        INVEST,
        "microsoft-openai-partnership-2019",
        "events[1].parties",
        'expected an array such as ["a", "b"], got str \'microsoft\'',
    ),
    (
        "date-of-the-wrong-kind",
        replace('date = "2019-07-22"', "date = 2019"),
        INVEST,
        "microsoft-invests-1bn-2019",
        "events[0].date",
        "got int 2019",
    ),
    (
        "unreadable-date",
        replace('date = "2019-07-22"', 'date = "Julember 22 2019"'),
        INVEST,
        "microsoft-invests-1bn-2019",
        "events[0].date",
        "cannot read date 'Julember 22 2019'",
    ),
    # each value checked once, by the checker events built in code use, and named by its path in the file
    (
        "a-number-for-a-text",
        replace('investee = "openai-group"', "investee = 5"),
        INVEST,
        "microsoft-invests-1bn-2019",
        "events[0].investee",
        "expected str, got int 5",
    ),
    (
        "a-text-for-a-boolean",
        replace("cloud_exclusivity = true", 'cloud_exclusivity = "yes"'),
        INVEST,
        "microsoft-openai-partnership-2019",
        "events[1].terms.cloud_exclusivity",
        "expected bool, got str 'yes'",
    ),
    (
        "unknown-field",
        replace('investor = "microsoft"', 'investor = "microsoft"\ninvestr = "microsoft"'),
        INVEST,
        "microsoft-invests-1bn-2019",
        "events[0].investr",
        "Invested has no field 'investr' (did you mean 'investor'?)",
    ),
    (
        "a-share-in-a-cap-table",
        replace('microsoft = {value = "27/100"', 'microsoft = {value = "lots"', RECAP),
        RECAP,
        "openai-group-recapitalized-2025",
        "events[2].cap_table['microsoft']",
        "not a share: 'lots'",
    ),
    (
        "a-date-in-a-tranche",
        replace('due = "2026-04-01"', "due = 20260401", ROUND),
        ROUND,
        "openai-round-closed-2026",
        "events[1].investors[2].tranches[0].due",
        "expected a date such as '2023-11-17', got int 20260401",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "file", "event_id", "path", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_refused_naming_where(
    tmp_path: Path, mutate: Mutation, file: str, event_id: str | None, path: str, words: str
) -> None:
    problem = only(problems_of(mutate, tmp_path), file)
    assert (problem.file or "").endswith(file)
    if event_id is None:
        assert problem.event_id is None
    else:
        assert (problem.event_id or "").startswith(event_id)
    assert problem.path == path
    assert words in problem.message


class TestAccepted:
    def test_a_byte_order_mark_is_accepted(self, tmp_path: Path) -> None:
        folder = tmp_path / "events"
        shutil.copytree(EVENTS, folder)
        (folder / INVEST).write_bytes(b"\xef\xbb\xbf" + (folder / INVEST).read_bytes())
        assert at.io.check(folder) == []
        assert at.load(folder).events == at.load().events

    def test_the_shipped_record_has_no_problem(self) -> None:
        assert at.io.check(EVENTS) == []

    def test_a_file_nested_32_levels_deep_is_read(self, tmp_path: Path) -> None:
        """The file, [[events]], the event and 29 arrays: 32 levels, read (its unknown field is its one problem)."""
        at_limit = "deep = " + "[\n" * 29 + "]\n" * 29
        (problem,) = problems_of(deep_file(2, at_limit), tmp_path)
        assert (problem.event_id, problem.path, problem.message) == (
            "deep",
            "events[0].deep",
            "Retracted has no field 'deep'",
        )


class TestEveryProblemAtOnce:
    def test_syntax_error_field_error_and_replay_error_in_one_report(self, tmp_path: Path) -> None:
        """A file that does not parse does not hide the other files' problems, nor what replay finds."""
        ceo = "2023-11-19-murati-interim-ceo-ends-2023.toml"
        text = (EVENTS / ceo).read_text(encoding="utf-8")
        assert 'person = "emmett-shear"' in text

        def mutate(folder: Path) -> None:
            replace('currency = "USD"', 'currency = "UDS"')(folder)
            (folder / AZURE).write_text("schema = 1\n[[[x", encoding="utf-8")
            (folder / ceo).write_text(text.replace('person = "emmett-shear"', 'person = "nobody"'), encoding="utf-8")

        problems = problems_of(mutate, tmp_path)
        assert any(p.file and p.file.endswith(AZURE) and "not valid TOML" in p.message for p in problems)
        assert any(p.path == "events[0].amount.currency" for p in problems)
        unknown = only([p for p in problems if "nobody" in p.message], ceo)
        assert "may follow from the problems above" in unknown.message

    def test_an_unreadable_file_is_a_problem_not_an_oserror(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file without read permission (simulated: the tests may run as root) is a problem naming it."""
        real_open = Path.open

        def guarded(self: Path, *args: object, **kwargs: object) -> object:
            if self.name == INVEST:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(Path, "open", guarded)
        problem = only(problems_of(lambda f: None, tmp_path), INVEST)
        assert problem.message == "cannot read the file: Permission denied"

    def test_a_missing_folder_is_a_load_error(self, tmp_path: Path) -> None:
        (problem,) = at.io.check(tmp_path / "nope")
        assert problem.message == "no such folder of events"


@attrs.frozen(kw_only=True)
class Valued(at.Event):
    """A user's event whose apply builds a value that checks itself, from a field it does not check."""

    amount: str

    def apply(self, w: at.extend.Writer) -> None:
        w.set(("valued", self.id), at.Money.of(self.amount))


class TestErrorsRaisedWhileApplying:
    def test_a_field_error_in_apply_names_the_event_and_its_file(self, tmp_path: Path) -> None:
        folder = tmp_path / "events"
        shutil.copytree(EVENTS, folder)
        (folder / "2026-01-01-valued.toml").write_text(
            'schema = 1\ndate = "2026-01-01"\n[[sources]]\npublisher = "T"\ntitle = "T"\npublished = "2026"\n'
            '[[events]]\ntype = "Valued"\nid = "valued"\nsummary = "s"\namount = "lots"\n',
            encoding="utf-8",
        )
        types = at.io.builtin_types().with_types(Valued)
        (problem,) = at.io.check(folder, types=types)
        assert problem.file == str(folder / "2026-01-01-valued.toml")
        assert (problem.event_id, problem.path) == ("valued", "value")
        assert "not a number: 'lots'" in problem.message

    def test_a_bug_in_apply_names_the_event(self) -> None:
        """An exception that is not the library's (a bug in a user's apply) passes through, with a note naming
        the event."""

        @attrs.frozen(kw_only=True)
        class Broken(at.Event):
            def apply(self, w: at.extend.Writer) -> None:
                raise ZeroDivisionError("bug")

        event = Broken(id="broken", date="2020-01-01", summary="s", sources=[SOURCE])
        with pytest.raises(ZeroDivisionError) as caught:
            at.Timeline([event], [])
        assert "while applying event 'broken'" in "".join(caught.value.__notes__)


class TestInCode:
    """The same rules hold for values and events built in code."""

    def test_negative_money_in_an_event(self) -> None:
        with pytest.raises(at.errors.EventValidationError, match="amount: cannot be negative"):
            ev(at.events.Invested, "i", "2020-01-01", investor="bigco", investee="acme", amount=at.Money.of("-1"))

    def test_negative_alternative(self) -> None:
        """An alternative value obeys its field's rules."""
        alternative = at.Alternative(field="amount", value=at.Money.of("-1"), sources=(SOURCE,))
        with pytest.raises(at.errors.EventValidationError, match=r"alternatives\[0\]\.value: cannot be negative"):
            ev(
                at.events.Invested,
                "i",
                "2020-01-01",
                investor="bigco",
                investee="acme",
                amount=at.Money.of("1"),
                alternatives=(alternative,),
            )

    def test_a_metric_may_be_negative(self) -> None:
        """A metric is reported as it is: a fall in a share price is a negative quantity."""
        fall = ev(
            at.events.MetricReported,
            "m",
            "2020-01-01",
            entity="acme",
            metric="share-price-change",
            value=at.Quantity.of("-1.1", unit="%"),
        )
        assert fall.value.low < 0

    @pytest.mark.parametrize(
        ("url", "words"),
        [
            ("javascript:alert(1)", "expected an http:// or https:// address, got 'javascript:alert(1)'"),
            ("JavaScript:alert(1)", "expected an http:// or https:// address"),
            ("data:text/html,<script>alert(1)</script>", "expected an http:// or https:// address"),
            ("file:///etc/passwd", "expected an http:// or https:// address"),
            ("ftp://example.com/x", "expected an http:// or https:// address"),
            ("reports/x.pdf", "expected an http:// or https:// address"),
            ("//example.com/x", "expected an http:// or https:// address"),
            ("https://", "an address names a host after https://"),
            ("https://example.com/a b", "cannot hold spaces or control characters"),
            (" https://example.com/", "cannot hold spaces or control characters"),
            ("https://example.com/\n", "cannot hold spaces or control characters"),
            ("https://example.com/\u202e", "cannot hold spaces or control characters"),
            ("https://example.com/<b>", "cannot hold < > "),
            ("https://example.com:port/", "not a readable address"),
        ],
    )
    def test_a_source_address_is_an_http_url(self, url: str, words: str) -> None:
        """An address a reader can follow from the page and the exports: http or https, with a host, in the
        characters a URL allows."""
        with pytest.raises(at.errors.FieldError) as caught:
            at.Source(publisher="P", title="T", published="2020", url=url)
        assert caught.value.field == "url"
        assert words in caught.value.message

    def test_an_alternatives_sources_are_checked_too(self) -> None:
        with pytest.raises(at.errors.FieldError, match="url: expected an http:// or https:// address"):
            at.Alternative(
                field="amount",
                value=at.Money.of("1"),
                sources=(at.Source(publisher="P", title="T", published="2020", url="javascript:alert(1)"),),
            )

    @pytest.mark.parametrize(
        "url", ["https://example.com/a?b=c&d=%20#e", "http://example.com", "HTTPS://EXAMPLE.COM/", "https://例え.jp/ü"]
    )
    def test_web_addresses_are_accepted(self, url: str) -> None:
        assert at.Source(publisher="P", title="T", published="2020", url=url).url == url

    def test_currency_code(self) -> None:
        with pytest.raises(at.errors.FieldError, match="'UDS' is not an ISO 4217 currency code"):
            at.Money.of("1", currency="UDS")
        assert at.Money.of("1", currency="EUR").currency == "EUR"

    def test_self_correction(self) -> None:
        with pytest.raises(at.errors.EventValidationError, match="cannot correct itself"):
            ev(at.events.Corrected, "c", "2020-01-01", corrects="c", fields={"summary": "x"})

    def test_long_date_text_is_refused_before_parsing(self) -> None:
        with pytest.raises(at.errors.DateError, match=r"too long \(at most 64 characters\)") as caught:
            at.parse_date("November " + "1" * 1_000_000)
        assert len(str(caught.value)) < 200

"""Loading folders of TOML files: the bundled record, a user's folder, and every way a file can be wrong."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import aitimeline as at
from aitimeline._formats import loading as _loading

ENTITIES = """\
schema = 1

[[organizations]]
id = "acme"
name = "Acme"
legal_form = "nonprofit"

[[organizations]]
id = "bigco"
name = "BigCo"

[[people]]
id = "ann"
name = "Ann"
"""

GOOD = """\
schema = 1
date = "2020-03-01"

[[sources]]
publisher = "Acme"
title = "Acme raises money"
published = "2020-03-01"
url = "https://example.org/acme"

[[events]]
type = "Invested"
id = "bigco-invests"
summary = "BigCo invests $13–14 billion in Acme."
investor = "bigco"
investee = "acme"
amount = { low = "13000000000", high = "14000000000", currency = "USD", stated = "$13–14 billion" }

[[events]]
type = "RoleBegan"
id = "ann-ceo"
summary = "Ann becomes CEO."
person = "ann"
org = "acme"
role = "ceo"
reason = "appointed"
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "entities.toml").write_text(ENTITIES, encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def good_folder(tmp_path: Path) -> Path:
    return write(tmp_path / "events", {"2020-03-01-bigco-invests.toml": GOOD})


class TestLoad:
    def test_bundled_record_loads(self) -> None:
        """load() with no argument replays the record that ships with the package."""
        tl = at.load()
        assert len(tl.events) > 100
        assert tl.events[0].date <= tl.events[-1].date

    def test_user_folder_loads_with_file_date_and_sources(self, good_folder: Path) -> None:
        """Events take their file's date and sources; ranges stay ranges."""
        tl = at.load(good_folder)
        invested = tl.events[0]
        assert isinstance(invested, at.events.Invested)
        assert invested.date == at.PartialDate(2020, 3, 1)
        assert invested.sources[0].url == "https://example.org/acme"
        assert invested.amount is not None
        assert invested.amount.is_range
        assert tl.state_at("2020-03-01").ceo("acme") == "ann"
        assert tl.origin("ann-ceo") == at.extend.Origin(str(good_folder / "2020-03-01-bigco-invests.toml"), 1)

    def test_missing_folder(self, tmp_path: Path) -> None:
        """A folder that does not exist is a LoadError naming it."""
        with pytest.raises(at.errors.LoadError, match=r"nope.*no such folder"):
            at.load(tmp_path / "nope")

    def test_own_event_types_load_through_the_registry(self, tmp_path: Path) -> None:
        """A user's event type registered with with_types() loads like a built-in."""
        import attrs

        @attrs.frozen(kw_only=True)
        class Sued(at.Event):
            plaintiff: str = at.extend.entity_field()
            defendant: str = at.extend.entity_field()

        text = GOOD.replace('type = "Invested"', 'type = "Sued"').replace("investor", "plaintiff")
        text = text.replace("investee", "defendant").replace("amount = {", "# amount = {")
        folder = write(tmp_path / "ev", {"2020-03-01-bigco-invests.toml": text})
        with pytest.raises(at.errors.LoadError, match="unknown event type 'Sued'"):
            at.load(folder)
        tl = at.load(folder, types=at.io.builtin_types().with_types(Sued))
        assert type(tl.events[0]).__name__ == "Sued"

    def test_metric_alternatives_take_the_type_of_their_value(self, tmp_path: Path) -> None:
        """A MetricReported value may be money or a quantity; each alternative is read as the kind it is written."""
        text = """\
schema = 1
date = "2020-03-01"

[[sources]]
publisher = "Acme"
title = "Acme figures"
published = "2020-03-01"

[[events]]
type = "MetricReported"
id = "acme-revenue"
summary = "Acme reports revenue."
entity = "acme"
metric = "revenue"
value = { value = "3700000000", currency = "USD", qualifier = "about" }

[[events.alternatives]]
field = "value"
value = { value = "3600000000", currency = "USD" }
[[events.alternatives.sources]]
publisher = "Wire"
title = "Acme on pace"
published = "2020-03-02"

[[events]]
type = "MetricReported"
id = "acme-headcount"
summary = "Acme reports its headcount."
entity = "acme"
metric = "staff"
value = { value = "770", unit = "employees" }

[[events.alternatives]]
field = "value"
value = { value = "700", unit = "employees", qualifier = "at-least" }
[[events.alternatives.sources]]
publisher = "Wire"
title = "Acme staff"
published = "2020-03-02"
"""
        tl = at.load(write(tmp_path / "ev", {"2020-03-01-acme-revenue.toml": text}))
        revenue, headcount = tl.events
        assert isinstance(revenue.alternatives[0].value, at.Money)
        assert isinstance(headcount.alternatives[0].value, at.Quantity)
        mixed = text.replace(
            'value = { value = "700", unit = "employees", qualifier = "at-least" }',
            'value = { value = "700000", currency = "USD" }',
        )
        with pytest.raises(at.errors.LoadError, match="expected a Quantity"):
            at.load(write(tmp_path / "mixed", {"2020-03-01-acme-revenue.toml": mixed}))


BAD_FILES = {
    "a-bad-toml.toml": "schema = 1\ndate = \n",
    "b-float-money.toml": GOOD.replace('low = "13000000000"', "low = 13000000000.0"),
    "c-unknown-type.toml": GOOD.replace('type = "RoleBegan"', 'type = "RoleBegun"'),
    "d-missing-and-extra.toml": GOOD.replace('investor = "bigco"', 'investr = "bigco"'),
    "e-bad-date.toml": GOOD.replace('date = "2020-03-01"', 'date = "01/02/2020"', 1)
    .replace("bigco-invests", "e1")
    .replace("ann-ceo", "e2"),
    "f-no-schema.toml": GOOD.replace("schema = 1\n", ""),
    "g-no-sources.toml": GOOD.replace("[[sources]]", "[[unused]]")
    .replace("bigco-invests", "g1")
    .replace("ann-ceo", "g2"),
}


class TestLoadErrors:
    @pytest.fixture
    def error(self, tmp_path: Path) -> at.errors.LoadError:
        folder = write(tmp_path / "bad", BAD_FILES)
        with pytest.raises(at.errors.LoadError) as info:
            at.load(folder)
        return info.value

    def test_every_bad_file_is_reported_at_once(self, error: at.errors.LoadError) -> None:
        """One LoadError lists a problem in each bad file, not just the first."""
        files = {Path(p.file).name for p in error.problems if p.file}
        assert set(BAD_FILES) <= files

    @pytest.mark.parametrize(
        ("file", "event_id", "path", "words"),
        [
            ("a-bad-toml.toml", None, "", "not valid TOML"),
            ("b-float-money.toml", "bigco-invests", "events[0].amount", "float"),
            ("c-unknown-type.toml", "ann-ceo", "events[1].type", "unknown event type 'RoleBegun'"),
            ("d-missing-and-extra.toml", "bigco-invests", "events[0].investor", "required field missing"),
            (
                "d-missing-and-extra.toml",
                "bigco-invests",
                "events[0].investr",
                "Invested has no field 'investr' (did you mean 'investor'?)",
            ),
            ("e-bad-date.toml", "e1", "events[0].date", "ambiguous"),
            ("f-no-schema.toml", None, "schema", "expected schema = 2"),
            ("g-no-sources.toml", "g1", "events[0].sources", "at least one source"),
        ],
    )
    def test_problem_names_file_event_and_field(
        self, error: at.errors.LoadError, file: str, event_id: str | None, path: str, words: str
    ) -> None:
        """Each problem names its file, event id and field path, with a readable message."""
        matching = [
            p
            for p in error.problems
            if p.file and Path(p.file).name == file and p.event_id == event_id and p.path == path and words in p.message
        ]
        assert matching, f"no problem like {(file, event_id, path, words)} in:\n{error}"

    def test_message_lists_every_problem(self, error: at.errors.LoadError) -> None:
        """str(error) has one line per problem, each with its file name."""
        text = str(error)
        assert text.count("\n  - ") == len(error.problems)
        assert all(name in text for name in BAD_FILES)

    def test_load_error_is_a_value_error(self, error: at.errors.LoadError) -> None:
        """LoadError is an AitimelineError and a ValueError."""
        assert isinstance(error, at.AitimelineError)
        assert isinstance(error, ValueError)


class TestReplayErrorsWhileLoading:
    def test_invariants_are_reported_with_file_and_event(self, tmp_path: Path) -> None:
        """A role ended that was never held, and an unknown entity, are both reported with their files."""
        ended = GOOD.replace('type = "RoleBegan"', 'type = "RoleEnded"').replace(
            'reason = "appointed"', 'reason = "fired"'
        )
        unknown = GOOD.replace('investor = "bigco"', 'investor = "nobody"').replace("bigco-invests", "x1")
        unknown = unknown.replace("ann-ceo", "x2")
        folder = write(tmp_path / "ev", {"2020-03-01-a.toml": ended, "2020-03-01-b.toml": unknown})
        with pytest.raises(at.errors.LoadError) as info:
            at.load(folder)
        problems = {(Path(p.file or "").name, p.event_id, p.path) for p in info.value.problems}
        assert ("2020-03-01-a.toml", "ann-ceo", "person") in problems
        assert ("2020-03-01-b.toml", "x1", "investor") in problems

    def test_duplicate_ids_across_files(self, tmp_path: Path) -> None:
        """The same id in two files is reported, naming the other file."""
        folder = write(tmp_path / "ev", {"a.toml": GOOD, "b.toml": GOOD})
        with pytest.raises(at.errors.LoadError, match="id also used in"):
            at.load(folder)

    def test_bad_entities_file(self, tmp_path: Path) -> None:
        """A malformed entities.toml is reported with its section and field."""
        folder = write(tmp_path / "ev", {"2020-03-01-bigco-invests.toml": GOOD})
        (folder / "entities.toml").write_text('schema = 1\n[[people]]\nid = "Not A Slug"\nname = "X"\n')
        with pytest.raises(at.errors.LoadError, match=r"people\[0\]\.id"):
            at.load(folder)


def with_subjects(line: str) -> str:
    """The entities file of these tests with ``line`` among its top-level keys."""
    return ENTITIES.replace("schema = 1\n", f"schema = 1\n{line}\n", 1)


class TestSubjects:
    """A record names the entities it is about in its entities file (``subjects``); the timeline carries them."""

    def test_the_shipped_record_is_about_openai_and_its_for_profit(self) -> None:
        """The shipped record's subjects are the nonprofit and the for-profit, in that order."""
        assert at.load().subjects == ("openai", "openai-group")

    def test_a_folder_names_its_own_subjects(self, good_folder: Path) -> None:
        """subjects = [...] in entities.toml is the loaded timeline's subjects, in the order written."""
        (good_folder / "entities.toml").write_text(with_subjects('subjects = ["bigco", "acme"]'), encoding="utf-8")
        assert at.load(good_folder).subjects == ("bigco", "acme")

    def test_a_folder_without_subjects_has_none(self, good_folder: Path) -> None:
        """Without the key the timeline has no subjects (and nothing defaults to the shipped record's)."""
        assert at.load(good_folder).subjects == ()

    def test_the_schema_1_fixture_names_its_subject(self) -> None:
        """The schema-1 fixture is about Acme."""
        assert at.load(Path(__file__).parent / "fixtures" / "schema-1").subjects == ("acme",)

    @pytest.mark.parametrize(
        ("line", "path", "message"),
        [
            ('subjects = "acme"', "subjects", "must be an array of entity ids"),
            ("subjects = { id = 'acme' }", "subjects", "must be an array of entity ids"),
            ('subjects = ["acme", 3]', "subjects[1]", "a subject is an entity id (a string), got 3"),
            ('subjects = ["acme", "nobody"]', "subjects[1]", "unknown entity 'nobody'"),
            ('subjects = ["acmee"]', "subjects[0]", "did you mean 'acme'"),
            ('subjects = ["acme", "acme"]', "subjects[1]", "listed twice"),
            ('subject = "acme"', "subject", 'subjects = ["an-entity-id"]'),
        ],
    )
    def test_a_bad_value_is_a_load_error_naming_file_and_field(
        self, good_folder: Path, line: str, path: str, message: str
    ) -> None:
        """Not an array, not a string, an id that is not an entity of the record, a repeat, the singular key: each is
        a LoadError naming entities.toml and the field."""
        (good_folder / "entities.toml").write_text(with_subjects(line), encoding="utf-8")
        with pytest.raises(at.errors.LoadError) as info:
            at.load(good_folder)
        (problem,) = info.value.problems
        assert (problem.file, problem.event_id, problem.path) == (str(good_folder / "entities.toml"), None, path)
        assert message in problem.message
        assert at.io.check(good_folder) == list(info.value.problems)

    def test_load_entities_reads_the_key_and_checks_its_shape(self, tmp_path: Path) -> None:
        """load_entities accepts subjects (an id of another file's record too: it reads one file) and refuses a
        value that is not an array of strings."""
        path = tmp_path / "entities.toml"
        path.write_text(with_subjects('subjects = ["openai"]'), encoding="utf-8")
        assert [e.id for e in at.io.load_entities(path)] == ["acme", "bigco", "ann"]
        path.write_text(with_subjects("subjects = [1]"), encoding="utf-8")
        with pytest.raises(at.errors.LoadError, match=r"field subjects\[0\]: a subject is an entity id"):
            at.io.load_entities(path)

    def test_a_folder_on_a_base_keeps_the_bases_subjects_unless_it_names_its_own(self, tmp_path: Path) -> None:
        """On top of the shipped record a folder without subjects is about the shipped record's; one with subjects
        is about its own, which may be the base's entities."""
        folder = tmp_path / "mine"
        folder.mkdir()
        base = at.load()
        (folder / "entities.toml").write_text('schema = 2\n[[organizations]]\nid = "acme"\nname = "Acme"\n')
        assert at.load(folder, base=base).subjects == ("openai", "openai-group")
        (folder / "entities.toml").write_text('schema = 2\nsubjects = ["acme", "microsoft"]\n')
        with pytest.raises(at.errors.LoadError, match=r"field subjects\[0\]: unknown entity 'acme'"):
            at.load(folder, base=base)
        (folder / "entities.toml").write_text(
            'schema = 2\nsubjects = ["acme", "microsoft"]\n[[organizations]]\nid = "acme"\nname = "Acme"\n'
        )
        assert at.load(folder, base=base).subjects == ("acme", "microsoft")

    def test_a_timeline_built_in_code_checks_its_subjects(self) -> None:
        """Timeline(subjects=...) keeps ids of its entities, in order and once; it refuses an unknown id, a
        non-string and one string given for the list."""
        entities = [at.Organization(id="acme", name="Acme"), at.Organization(id="bigco", name="BigCo")]
        assert at.Timeline([], entities).subjects == ()
        assert at.Timeline([], entities, subjects=["bigco", "acme", "bigco"]).subjects == ("bigco", "acme")
        with pytest.raises(at.errors.UnknownEntityError, match=r"'acmee' .*did you mean 'acme'"):
            at.Timeline([], entities, subjects=["acmee"])
        with pytest.raises(TypeError, match="got int"):
            at.Timeline([], entities, subjects=[1])  # type: ignore[list-item]
        with pytest.raises(TypeError, match="not one string"):
            at.Timeline([], entities, subjects="acme")


class TestBadArguments:
    def test_a_file_instead_of_a_folder(self, good_folder: Path) -> None:
        """Passing a file where a folder is expected says so."""
        with pytest.raises(at.errors.LoadError, match="is a file, not a folder"):
            at.load(good_folder / "entities.toml")

    def test_timeline_of_non_events(self) -> None:
        """A timeline refuses anything that is not an Event, naming what it got."""
        with pytest.raises(TypeError, match="got int"):
            at.Timeline([1], [])  # type: ignore[list-item]

    def test_timeline_of_non_entities(self) -> None:
        """A timeline refuses entities that are not organisations or people."""
        with pytest.raises(TypeError, match="Organization or Person"):
            at.Timeline([], ["acme"])  # type: ignore[list-item]


def _outcome(loads: object, text: str) -> tuple[str, str]:
    try:
        return "read", repr(loads(text))  # type: ignore[operator]
    except tomllib.TOMLDecodeError as exc:
        return "refused", str(exc)


# Pieces of TOML, well- and ill-formed, TOML 1.1 among them (which tomllib, TOML 1.0, refuses).
_PIECES = [*"ab1 =\"'{}[],.\n\\ex:-T+Z0_#", "1979-05-27", "07:32", "07:32:00", "+01:00", "\\e", "\\x41", "true"]
_PIECES += ["nan", "inf", "1e400", "'''", '"""', "a = ", "[[a]]", "{a = 1,\n}", "{ a = {b = 1}\n}", "0x1", "ü"]


class TestFastParser:
    """The ``fast`` extra (rtoml) reads what tomllib reads, as tomllib reads it, and refuses what it refuses with
    tomllib's own message."""

    @given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
    def test_it_reads_every_text_as_tomllib_does(self, text: str) -> None:
        """Any text, TOML or not: the same data (types and time zones included) or the same error message."""
        assert _outcome(_loading._loads_toml, text) == _outcome(tomllib.loads, text)

    @given(st.lists(st.sampled_from([*"1:.Zz ,{}\n\r\tex\\", "12", ":34", "\\e", "\\x"]), max_size=20).map("".join))
    @example("112:34")
    @example("12:34:34")
    @example("12:34:56.5Z")
    @example("{\r}")
    @example("a = {\n}")
    def test_what_may_be_toml_11_is_found_as_plainly_stated(self, text: str) -> None:
        """The detector written for speed (each time branch anchored at its colon, lines split at newlines only)
        flags exactly what its plain statement flags: a \\e or \\x escape, a comma before a closing brace, a time
        of two digits without seconds, an offset time, a line whose braces do not balance."""
        plain = re.search(r"\\[ex]|,\s*}|(?<![:\d])\d\d:\d\d(?!:\d\d)|:\d\d(?:\.\d+)?[Zz]", text)
        unbalanced = any(line.count("{") != line.count("}") for line in re.findall(r"^.*[{}].*$", text, re.M))
        assert bool(_loading._NOT_TOML_10.search(text)) == bool(plain)
        assert _loading._unbalanced(text) == unbalanced

    @pytest.mark.parametrize(
        "text",
        [
            "a = { b = 1,\n c = 2 }",
            "a = { b = { c = 1 }\n}",
            'a = "\\e"',
            'a = "\\x41"',
            "a = { b = 1, }",
            "a = 07:32",
            "a = 1979-05-27T07:32Z",
        ],
    )
    def test_toml_11_is_refused_as_without_it(self, text: str) -> None:
        """What TOML 1.1 added (rtoml reads it) is refused, with tomllib's message."""
        with pytest.raises(tomllib.TOMLDecodeError) as raised:
            tomllib.loads(text)
        with pytest.raises(tomllib.TOMLDecodeError, match=re.escape(str(raised.value))):
            _loading._loads_toml(text)

    def test_offset_times_keep_tomllibs_time_zone(self) -> None:
        """An offset date-time comes back with the standard library's time zone, as tomllib gives it."""
        found = _loading._loads_toml("a = 1979-05-27T07:32:00+01:00")["a"]
        assert found.tzinfo == dt.timezone(dt.timedelta(hours=1))
        assert type(found.tzinfo) is dt.timezone

    def test_plain_files_are_read_by_the_fast_parser(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With the extra, the shipped record's files are read by rtoml (else the extra would do nothing), and the
        record loads to the same events without it."""
        fast = _loading._fast_toml()
        assert fast is not None, "the test extra installs rtoml"
        read: list[str] = []

        def spy(text: str) -> dict[str, object]:
            read.append(text)
            return fast(text)

        monkeypatch.setattr(_loading, "_fast_toml", lambda: spy)
        with_extra = at.load()
        assert len(read) > 100
        monkeypatch.setattr(_loading, "_fast_toml", lambda: None)
        assert at.load().events == with_extra.events

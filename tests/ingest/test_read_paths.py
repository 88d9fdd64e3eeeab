"""Tests for dossier.ingest.read_paths, the ingest entry point."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.errors import ConfigError, InputError, UnsupportedFormatError
from dossier.ingest import Ingested, read_paths
from dossier.ingest.reader import detect_format, walk_folder

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ingest"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def _one(path: Path | str, **options: object) -> Ingested:
    (result,) = read_paths([path], **options)
    return result


def _only_one_of_document_and_error(results: list[Ingested]) -> bool:
    return all((r.document is None) != (r.error is None) for r in results)


def test_fixture_folder() -> None:
    results = list(read_paths([FIXTURES]))
    assert _only_one_of_document_and_error(results)
    sources = [r.source for r in results]
    assert sources == sorted(sources, key=lambda s: s.split("#")[0])  # files in sorted order
    names = {Path(s.split("#")[0]).name for s in sources}
    assert names == {
        "article.html",
        "articles.jsonl",
        "dateline.txt",
        "feed.atom",
        "feed.rss",
        "frontmatter.md",
        "latin1.txt",
        "malformed.html",
    }
    failed = {Path(r.source).name for r in results if r.error is not None}
    assert failed == {
        "malformed.html",
        "feed.rss#entry3",
        *(f"articles.jsonl#L{n}" for n in (3, 5, 6, 7, 8, 9, 10)),
    }


def test_text_file() -> None:
    result = _one(FIXTURES / "dateline.txt")
    assert result.source == str(FIXTURES / "dateline.txt")
    assert result.error is None
    assert result.document.dateline == "Lisbon"


def test_latin1_file_is_decoded() -> None:
    doc = _one(FIXTURES / "latin1.txt").document
    assert "Klaus Müller" in doc.text
    assert "café" in doc.text
    assert "Señor Núñez" in doc.text


def test_cp1252_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes(
        "The café’s owner, Mr Müller, said prices would rise – “sharply”.".encode("cp1252")
    )
    assert _one(path).document.text == (
        "The café’s owner, Mr Müller, said prices would rise – “sharply”."
    )


def test_utf16_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("KYIV — Officials in Kyiv said on Monday the power was back.".encode("utf-16"))
    doc = _one(path).document
    assert doc.dateline == "KYIV"


def test_latin1_html_page_with_declared_charset(tmp_path: Path) -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    html = html.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("“", '"')
    html = html.replace("”", '"').replace("·", "-").replace("©", "(c)").replace("—", "-")
    html = html.replace("island of Skelby", "island of Skelbø")
    path = tmp_path / "latin1.html"
    path.write_bytes(html.encode("latin-1"))
    doc = _one(path).document
    assert "island of Skelbø" in doc.text


def test_binary_png_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(PNG_BYTES)
    result = _one(path)
    assert result.document is None
    assert isinstance(result.error, UnsupportedFormatError)
    assert result.error.message.startswith("binary file (PNG image)")
    assert str(result.error).startswith(f"{path}: binary file")


@pytest.mark.parametrize("name", ["data.bin", "data.txt", "feed.xml", "page.html"])
def test_binary_data_under_any_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x00\x01\x02\x03" * 64)
    result = _one(path)
    assert isinstance(result.error, InputError)
    assert result.error.message.startswith("binary file")


def test_missing_path(tmp_path: Path) -> None:
    result = _one(tmp_path / "nope.txt")
    assert result.document is None
    assert result.error.message == "no such file or directory"
    assert result.source == str(tmp_path / "nope.txt")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert _one(path).error.message == "empty article"


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("The council met. " * 100, encoding="utf-8")
    assert _one(path, max_bytes=10_000).document is not None
    error = _one(path, max_bytes=1000).error
    assert error.message == "file too large (1700 bytes; the limit is 1000)"


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "articles.json"
    path.write_text('[{"text": "A."}]', encoding="utf-8")
    error = _one(path).error
    assert isinstance(error, UnsupportedFormatError)
    assert "JSON Lines" in error.message


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "news.feed").write_bytes((FIXTURES / "feed.atom").read_bytes())
    (tmp_path / "page.body").write_bytes((FIXTURES / "article.html").read_bytes())
    (tmp_path / "story.article").write_text("BEIJING: China said it would reply.", encoding="utf-8")
    results = list(read_paths([tmp_path]))
    assert [Path(r.source).name for r in results] == [
        "news.feed#entry1",
        "news.feed#entry2",
        "page.body",
        "story.article",
    ]
    assert results[2].document.outlet == "The Coastal Herald"
    assert results[3].document.dateline == "BEIJING"


def test_xml_file_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "config.xml"
    path.write_text("<?xml version='1.0'?><settings><a>1</a></settings>", encoding="utf-8")
    assert isinstance(_one(path).error, UnsupportedFormatError)


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Story Z.", encoding="utf-8")
    (tmp_path / "b" / "a.txt").write_text("Story BA.", encoding="utf-8")
    (tmp_path / "a.md").write_text("Story A.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Story C.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden story.", encoding="utf-8")
    (tmp_path / ".drafts").mkdir()
    (tmp_path / ".drafts" / "draft.txt").write_text("Draft story.", encoding="utf-8")
    texts = [r.document.text for r in read_paths([tmp_path])]
    assert texts == ["Story A.", "Story BA.", "Story Z.", "Story C."]
    assert [p.relative_to(tmp_path).as_posix() for p in walk_folder(tmp_path)] == [
        "a.md",
        "b/a.txt",
        "b/z.txt",
        "c.txt",
    ]


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / ".only-hidden").write_text("x", encoding="utf-8")
    result = _one(tmp_path)
    assert result.error.message == "no files in folder"


def test_errors_do_not_stop_the_other_paths(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The council met on Monday.", encoding="utf-8")
    png = tmp_path / "x.png"
    png.write_bytes(PNG_BYTES)
    results = list(read_paths([tmp_path / "missing.txt", png, FIXTURES / "malformed.html", good]))
    assert [r.error is None for r in results] == [False, False, False, True]
    assert results[2].error.message == "no article text found in HTML"
    assert results[3].document.text == "The council met on Monday."


def test_caller_options_apply_to_every_article() -> None:
    results = list(
        read_paths(
            [FIXTURES / "feed.atom", FIXTURES / "frontmatter.md"],
            outlet="Desk",
            published="2025-10-10T08:00:00+02:00",
            url="https://example.org/x",
            title="Fixed title",
        )
    )
    docs = [r.document for r in results]
    assert len(docs) == 3
    assert {(d.outlet, d.published, d.url, d.title) for d in docs} == {
        ("Desk", "2025-10-10", "https://example.org/x", "Fixed title")
    }


def test_lone_path_and_str_paths() -> None:
    path = str(FIXTURES / "dateline.txt")
    assert [r.source for r in read_paths(path)] == [path]  # not iterated character by character
    assert [r.source for r in read_paths([path])] == [path]


def test_bad_published_option_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unparsable published date 'soon'"):
        read_paths([FIXTURES / "dateline.txt"], published="soon")


def test_bad_max_bytes_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="max_bytes"):
        read_paths([FIXTURES / "dateline.txt"], max_bytes=0)


def test_read_paths_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "later.txt"
    results = read_paths([path])
    path.write_text("Written after the call.", encoding="utf-8")
    assert next(results).document.text == "Written after the call."


def test_ingested_needs_exactly_one_of_document_and_error() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        Ingested(source="x", document=None, error=None)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", "text"),
        ("a.md", "text"),
        ("a.HTML", "html"),
        ("a.htm", "html"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.xml", "feed"),
        ("a.rss", "feed"),
        ("a.atom", "feed"),
        ("README", "text"),
    ],
)
def test_detect_format_by_extension(name: str, expected: str) -> None:
    assert detect_format(Path(name)) == expected


def test_copy_of_fixture_keeps_its_meaning(tmp_path: Path) -> None:
    copy = tmp_path / "copy.rss"
    shutil.copy(FIXTURES / "feed.rss", copy)
    results = list(read_paths([copy]))
    assert [r.source for r in results] == [f"{copy}#entry{n}" for n in (1, 2, 3)]

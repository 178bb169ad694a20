"""The layers (docs/architecture.md): the import contracts hold and catch a breach; the
project package names no content app; every page keeps the page protocol; and a section is
added by registering it, without touching the project package."""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from wagtail.models import Page, get_page_models

from action_portugal.base.pages import SitePageMixin
from action_portugal.base.pictures import PICTURE_SIZES
from action_portugal.editing import translation_status
from action_portugal.models import HomePage
from action_portugal.sections import registry
from action_portugal.sections.registry import Glimpse, Section

from .conftest import soup

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONTENT_APPS = [
    "pillars",
    "testimonials",
    "team",
    "timeline",
    "publications",
    "country_pages",
    "contact",
]
# The demo content's loaders know the programme's content by design (the second contract
# says so too); the settings install the apps.
KNOWS_CONTENT = {"load_demo_content.py", "scale_demo_content.py"}
INSTALLS_CONTENT = "settings"


def lint_imports(root):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "breach"),
    [
        ("action_portugal/base/i18n.py", "import pillars.models", "action_portugal.base"),
        ("action_portugal/caching/pages.py", "import timeline.models", "action_portugal.caching"),
        ("action_portugal/base/pages.py", "import action_portugal.seo.metadata", "base"),
        ("pillars/models.py", "import timeline.models", "pillars is not allowed"),
        ("team/models.py", "import testimonials.models", "team is not allowed"),
    ],
)
def test_the_contracts_catch_an_import_against_the_layers(tmp_path, module, planted, breach):
    for package in ["action_portugal", *CONTENT_APPS]:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{planted}  # planted\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "BROKEN" in result.stdout
    assert breach in result.stdout


def content_names():
    """Every way core code could name a content app: its label and module, and the names
    of its models."""
    names = set(CONTENT_APPS)
    for label in CONTENT_APPS:
        names |= {model.__name__ for model in apps.get_app_config(label).get_models()}
    return names


def named_in(path, names):
    """The content names ``path`` mentions as an identifier, an import, or a string of code
    (``"StoryPage"``, ``"timeline.StoryPage"``, ``app_label="pillars"``); prose in
    docstrings and comments is not code."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            words = [node.id]
        elif isinstance(node, ast.Attribute):
            words = [node.attr]
        elif isinstance(node, ast.alias):
            words = node.name.split(".")
        elif isinstance(node, ast.ImportFrom):
            words = (node.module or "").split(".")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings or " " in node.value.strip():
                continue
            words = node.value.replace(":", ".").split(".")
        else:
            continue
        found |= names & set(words)
    return found


def test_the_project_package_names_no_content_app():
    names = content_names()
    offenders = {}
    for path in (ROOT / "action_portugal").rglob("*.py"):
        if {"migrations", INSTALLS_CONTENT} & set(path.parts) or path.name in KNOWS_CONTENT:
            continue
        found = named_in(path, names)
        if found:
            offenders[str(path.relative_to(ROOT))] = sorted(found)
    assert offenders == {}


def test_the_scan_finds_a_content_name_in_code(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(
        '"""The StoryPage docstring is prose."""\n'
        'KIND = {"StoryPage": "article"}\nLABELS = ["pillars"]\n'
        "# a comment about TestimonialPage\n"
    )
    assert named_in(planted, content_names()) == {"StoryPage", "pillars"}


def site_pages():
    return [model for model in get_page_models() if model is not Page]


def test_every_page_keeps_the_page_protocol():
    for model in site_pages():
        assert issubclass(model, SitePageMixin), model
        for field, kinds in model.pictures.items():
            assert model._meta.get_field(field).related_model is not None, (model, field)
            for kind in [kinds] if isinstance(kinds, str) else kinds:
                assert kind in PICTURE_SIZES, (model, kind)
        if model.card_picture is not None:
            field, kind = model.card_picture
            declared = field in model.pictures or isinstance(getattr(model, field), property)
            assert declared and kind in PICTURE_SIZES, model
        for name in model.search_text_fields:
            assert hasattr(model, name) or model._meta.get_field(name), (model, name)
        assert f"{model.language_key_field}_{settings.LANGUAGE_CODE}" in {
            f.name for f in model._meta.get_fields()
        }, model
        for relation in model.translated_children:
            assert model._meta.get_field(relation).one_to_many, (model, relation)


def test_every_content_app_registers_its_section():
    sections = registry.registered()
    assert [section.key for section in sections] == [
        "pillars",
        "countries",
        "timeline",
        "publications",
        "testimonials",
        "team",
    ]
    for section in sections:
        assert section.index._meta.app_label == section.item._meta.app_label
        assert section.index in HomePage.allowed_subpage_models()
    # Besides the sections' indexes, the pages a content app allows under the home page.
    assert set(HomePage.allowed_subpage_models()) == {
        *(section.index for section in sections),
        *registry.pages_under_home(),
    }


@pytest.mark.django_db
def test_a_section_is_added_by_registering_it(client, monkeypatch, settings, tmp_path):
    """What a new section does to the project package: nothing. Registered from its own
    app (here, with the timeline's models and a template of its own), the home page shows
    its glimpse and the translation status lists it."""
    (tmp_path / "example").mkdir()
    (tmp_path / "example" / "home.html").write_text(
        '<section id="example-glimpse"><h2>Example</h2>'
        "{% for item in glimpse.items %}<p>{{ item.title }}</p>{% endfor %}</section>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], str(tmp_path)]}
    ]
    timeline = registry._sections["timeline"]
    example = Section(
        key="example",
        label="Example",
        index=timeline.index,
        item=timeline.item,
        position=22,
        home=Glimpse("example/home.html", limit=2),
    )
    monkeypatch.setitem(registry._sections, "example", example)
    page = soup(client.get("/en/"))
    glimpse = page.find(id="example-glimpse")
    assert glimpse is not None
    assert len(glimpse.find_all("p")) == 2
    headings = [h.get_text() for h in page.find_all("h2")]
    assert headings.index("Example") == headings.index("Latest from the timeline") + 1
    labels = list(translation_status.section_labels())
    assert labels.index("example") == labels.index("timeline") + 1


# What a comment may not cite: the shared notes beside the repository, which a reader of
# the repository does not have.
OUTSIDE_FILES = re.compile(r"STACK\.md|STYLE\.md|\.\./shared/|pitfall \d")
THIS_FILE = "tests/test_architecture.py"  # which names them to look for them


NOT_OURS = {".git", ".venv", "node_modules", "staticfiles", "media", "__pycache__"}
BINARY = {".png", ".ico", ".woff2", ".mo", ".pdf", ".jpg", ".webp", ".avif", ".sqlite3"}


def cited_outside(root):
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if f not in NOT_OURS and not f.endswith("_cache"))
        for name in sorted(files):
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            if relative == THIS_FILE or path.suffix in BINARY:
                continue
            text = path.read_text(errors="ignore")
            found += [f"{relative}: {match.group()}" for match in OUTSIDE_FILES.finditer(text)]
    return found


def test_no_file_cites_a_file_outside_the_repository():
    assert cited_outside(ROOT) == []


def test_the_citation_scan_finds_one(tmp_path):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "migrate").write_text("# fails with no terminal (STACK.md pitfall 3)\n")
    assert cited_outside(tmp_path) == ["scripts/migrate: STACK.md", "scripts/migrate: pitfall 3"]

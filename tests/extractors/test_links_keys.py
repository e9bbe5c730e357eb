"""Repository links and canonical keys."""

from __future__ import annotations

import re

import pytest

from extractors.keys import concept_key, fold
from extractors.repos import classify, find_links


@pytest.mark.parametrize(
    ("text", "url", "kind", "key"),
    [
        (
            "Code: https://github.com/LINs-lab/ERW.",
            "https://github.com/LINs-lab/ERW",
            "code",
            "github.com/lins-lab/erw",
        ),
        (
            "at https://github.com/a/b/blob/master/incontext)",
            "https://github.com/a/b/blob/master/incontext",
            "code",
            "github.com/a/b",
        ),
        ("see gitlab.com/group/proj;", "gitlab.com/group/proj", "code", "gitlab.com/group/proj"),
        (
            "https://huggingface.co/datasets/allenai/c4",
            "https://huggingface.co/datasets/allenai/c4",
            "dataset",
            "huggingface.co/datasets/allenai/c4",
        ),
        (
            "https://huggingface.co/spaces/u/demo.",
            "https://huggingface.co/spaces/u/demo",
            "space",
            "huggingface.co/spaces/u/demo",
        ),
        (
            "hf.co/Qwen/Qwen2.5-7B",
            "hf.co/Qwen/Qwen2.5-7B",
            "model",
            "huggingface.co/qwen/qwen2.5-7b",
        ),
        (
            "https://step-law.github.io/",
            "https://step-law.github.io/",
            "project",
            "step-law.github.io",
        ),
        (
            "archived at https://doi.org/10.5281/zenodo.6832145",
            "https://doi.org/10.5281/zenodo.6832145",
            "archive",
            "doi.org/10.5281/zenodo.6832145",
        ),
        ("https://ibm.biz/BdSmXq.", "https://ibm.biz/BdSmXq", "short", "ibm.biz/BdSmXq"),
        (
            "(https://en.wikipedia.org/wiki/Foo_(bar)).",
            "https://en.wikipedia.org/wiki/Foo_(bar)",
            "link",
            "en.wikipedia.org/wiki/foo_(bar)",
        ),
        (
            "https://arxiv.org/abs/2104.01234,",
            "https://arxiv.org/abs/2104.01234",
            "link",
            "arxiv.org/abs/2104.01234",
        ),
        (
            "http://pretrain.nlpedia.ai/",
            "http://pretrain.nlpedia.ai/",
            "project",
            "pretrain.nlpedia.ai",
        ),
    ],
)
def test_links_are_cleaned_classified_and_keyed(text, url, kind, key) -> None:
    [link] = find_links(text)
    assert (link.url, link.kind, link.key) == (url, kind, key)
    assert text[link.start : link.end] == url


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("See https://github.com/owner/ repo for code.", "https://github.com/owner/repo"),
        ("See github.com/ owner/repo.", "github.com/owner/repo"),
        ("https://github. com/a/b.", "https://github.com/a/b"),
        (
            "https://github.com/x/Fast-Certified- Robust-Training.",
            "https://github.com/x/Fast-Certified-Robust-Training",
        ),
    ],
)
def test_links_broken_by_a_space_are_repaired(text, url) -> None:
    [link] = find_links(text)
    assert link.url == url and link.repaired


@pytest.mark.parametrize(
    "text",
    [
        "Code is available on GitHub.",  # no link, no entry (guidelines R3)
        "e.g. the model",
        "mail a@github.com",
        "Available at https://github.com/x/ and on request.",  # not joined with "and"
    ],
)
def test_no_false_links(text) -> None:
    links = find_links(text)
    assert all(" " not in link.url for link in links)
    assert not links or links[0].url == "https://github.com/x/"


def test_every_url_in_the_seed_pages_is_found(seed_pages) -> None:
    for page in seed_pages:
        text = page.read_text(encoding="utf-8")
        wanted = {u.rstrip(".,;:)]") for u in re.findall(r"https?://\S+", text)}
        found = {link.url for link in find_links(text)}
        assert wanted <= found, (page.name, wanted - found)


def test_classify_without_scheme_or_case() -> None:
    assert classify("GitHub.com/Owner/Repo")[1] == "github.com/owner/repo"


@pytest.mark.parametrize(
    "variants",
    [
        ["LLaMA2", "Llama 2", "LLaMA-2", "llama-2"],
        ["CIFAR10", "CIFAR-10", "cifar 10"],
        ["GPT-4o", "GPT4o", "gpt-4o"],
        ["Tülu 3", 'T\\"ULU 3', "TULU-3"],
        ["GNNs", "GNN"],
    ],
)
def test_keys_fold_spelling_variants(variants) -> None:
    assert len({concept_key("method", v) for v in variants}) == 1


def test_keys_keep_different_things_apart() -> None:
    assert concept_key("method", "GPT-4") != concept_key("method", "GPT-4o")
    assert concept_key("method", "BERT") != concept_key("benchmark", "BERT")
    assert fold("Pythias") == "pythias"  # only acronym plurals fold


def test_latex_accents_are_rendered_in_the_mention_text(mentions) -> None:
    abstract = 'We introduce T\\"ULU 3, a family of models.'
    found = [m for m in mentions("A study", abstract) if m["role"] == "proposed"]
    assert [(m["text"], m["key"]) for m in found] == [("TÜLU 3", "method:tulu3")]
    assert abstract[found[0]["start"] : found[0]["end"]] == 'T\\"ULU 3'  # offsets: the source

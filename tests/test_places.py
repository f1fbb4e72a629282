"""Places in general news: what extraction finds in real articles of the NER set
(../shared/ner/news.jsonl), read as they are, and the generated world gazetteer."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import shared
from kg.extract import extract
from kg.extract.index import lex_index
from kg.extract.lexicon import lexicon
from kg.ingest import read_articles
from kg.model import PERSON, PLACE
from kg.normalize.text import name_key

DATA = Path(__file__).resolve().parents[1] / "src" / "kg" / "data"


@pytest.fixture(scope="module")
def news() -> dict:
    return {a.id: a for a in read_articles([shared("ner", "news.jsonl")])}


def _names(news: dict, doc: str, typ: str) -> set[str]:
    """Every name (canonical and aliases) of the entities of one type the article yields, as keys."""
    out = set()
    for e in extract(news[doc]).entities:
        if e.type == typ:
            out |= {name_key(n) for n in {e.name, *e.aliases}}
    return out


def test_regions_with_a_lowercase_head(news):
    assert "miền trung" in _names(news, "train-kinhte-23351307", PLACE)  # 'các tỉnh miền Trung'
    assert "châu âu" in _names(news, "train-kinhte-23351518", PLACE)
    assert "phương tây" in _names(news, "train-thegioi-23353280", PLACE)


def test_abbreviated_kind_words(news):
    places = _names(news, "train-doisong-23352393", PLACE)  # '(số 14/27 ..., P.12, Q.10, TP.HCM)', 'Q.Thủ Đức'
    assert {"p 12", "q 10", "q thủ đức"} <= places
    assert "h đông anh" in _names(news, "train-giaoduc-23355571", PLACE)


def test_a_part_number_after_a_headline_is_no_ward(news):
    places = _names(news, "train-kinhte-23353160", PLACE)  # headline ends '(P.2)'
    assert "phường 2" not in places and "p 2" not in places


def test_names_listed_after_a_kind_word_are_places(news):
    # 'tại các tỉnh Yala, Pattanni, Naratkhivat và Songkhla'
    assert {"yala", "pattanni", "naratkhivat", "songkhla"} <= _names(news, "train-thegioi-23352316", PLACE)


def test_a_name_listed_among_known_countries_is_a_place(news):
    assert "phillipines" in _names(news, "train-kinhte-23351307", PLACE)


def test_a_world_town_that_is_a_first_name_stays_a_person(news):
    doc = "train-thegioi-23352337"
    assert "vladimir putin" in _names(news, doc, PERSON)
    assert "vladimir" not in _names(news, doc, PLACE)


def test_a_country_inside_a_vietnamese_name_is_no_place(news):
    doc = "train-kinhte-23353708"  # 'Nguyễn Xuân Anh', 'ông Xuân Anh'
    assert "anh" not in _names(news, doc, PLACE)
    assert "nguyễn xuân anh" in _names(news, doc, PERSON)


def test_a_commune_whose_name_begins_with_a_country(news):
    places = _names(news, "train-giaoduc-23357752", PLACE)  # 'xã Viên Bình'
    assert "xã viên bình" in places and "vienna" not in places


def test_a_ward_after_tan_is_no_person(news):
    doc = "train-doisong-23353830"  # 'phường Tân Lập'
    assert "phường tân lập" in _names(news, doc, PLACE)
    assert "lập" not in _names(news, doc, PERSON)


def test_eth_for_d_bar(news):
    # 'Ðồng Tháp' typed with U+00D0 (not Đ, U+0110): the province, under the name as written too
    provinces = [e for e in extract(news["train-kinhte-23353704"]).entities
                 if e.type == PLACE and e.name == "Đồng Tháp"]
    assert provinces and "\u00d0ồng Tháp" in provinces[0].aliases


def test_a_feature_is_also_named_without_its_kind_word(news):
    places = _names(news, "train-thegioi-23353032", PLACE)  # 'biển Địa Trung Hải'
    assert "địa trung hải" in places
    assert "alps" in _names(news, "train-thegioi-23352337", PLACE)  # 'dãy núi Alps'


def test_a_state_form_before_a_country(news):
    assert "liên bang đức" in _names(news, "train-kinhte-23351518", PLACE)


def test_world_gazetteer_rows():
    rows = list(csv.DictReader((DATA / "world.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    assert len(rows) > 5000
    assert {r["kind"] for r in rows} == {"foreign_city", "us_state"}
    assert all(r["parent"] != "Vietnam" for r in rows)
    names = {r["name"]: r for r in rows}
    assert names["North Carolina"]["aliases"] == "Bắc Carolina"
    assert "Bắc Kinh" in names["Beijing"]["aliases"].split("|")
    # earlier files win a shared name: 'Trường Sa' (Changsha's exonym) stays Việt Nam's islands
    assert lexicon().places[name_key("Trường Sa")].kind == "region"


def test_world_gazetteer_is_indexed_by_first_word():
    lex = lexicon()
    words = lex_index(lex).place_words
    assert words["abu"] >= 2 and words["kirkuk"] == 1


def test_streets_and_sites_keep_their_kind_word(news):
    doc = "train-giaoduc-23353057"  # 'nhà ở đường Lý Thái Tổ (Q.10)'
    assert "đường lý thái tổ" in _names(news, doc, PLACE)
    assert "thái tổ" not in _names(news, doc, PERSON)
    assert "đại lộ võ văn kiệt" in _names(news, "train-doisong-23353825", PLACE)
    assert {"sân bay ataturk", "ataturk"} <= _names(news, "train-thegioi-23353228", PLACE)
    assert "sân vận động quốc gia mỹ đình" in _names(news, "train-giaoduc-23357765", PLACE)


def test_an_aircraft_carrier_is_no_airport(news):
    assert "sân bay reagan" not in _names(news, "train-thegioi-23351995", PLACE)  # 'tàu sân bay Reagan'


def test_schools_named_after_communes(news):
    # 'các trường THCS Đại Mỗ, THCS Mỹ Đình 1, THCS Mễ Trì': communes.tsv knows the three
    ex = extract(news["train-giaoduc-23357765"])
    places = {name_key(e.name) for e in ex.entities if e.type == PLACE}
    assert {"đại mỗ", "mỹ đình", "mễ trì"} <= places
    # 'Mỹ' is found where the article names the country ('Bộ giáo dục Mỹ'), not inside 'Mỹ Đình'
    text = ex.article.full_text
    assert all(text[m.start:m.end] != "Mỹ" or text[m.end:m.end + 5] != " Đình"
               for e in ex.entities if e.type == PLACE for _, m in e.mentions)


def test_a_school_named_after_a_person_holds_no_commune(news):
    doc = "train-giaoduc-23358011"  # 'trường THPT Lê Viết Thuật'
    assert "Lê Viết Thuật" in news[doc].full_text
    assert "lê viết thuật" not in _names(news, doc, PLACE)
    assert "lê viết thuật" in _names(news, doc, PERSON)


def test_communes_file():
    rows = list(csv.DictReader((DATA / "communes.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    assert len(rows) > 9000
    assert {r["kind"] for r in rows} == {"commune", "ward", "township"}
    assert not any(c.isdigit() for r in rows for c in r["name"])


def test_pairs_of_countries_in_short_form(news):
    places = _names(news, "train-kinhte-23351994", PLACE)  # 'nhà máy thép Việt – Trung'
    assert {"việt", "trung"} <= places and {"việt nam", "trung quốc"} <= places
    places = _names(news, "train-thegioi-23353950", PLACE)  # 'thông cáo chung Trung - Mỹ'
    assert "trung" in places and "trung mỹ" not in places  # not Central America


def test_a_country_syllable_opening_a_word_is_no_place(news):
    assert "pháp" not in _names(news, "train-giaoduc-23356858", PLACE)  # 'Báo Pháp luật Việt Nam'


def test_a_compass_word_before_a_country_is_a_direction(news):
    places = _names(news, "train-thegioi-23352575", PLACE)  # 'ở Tây Bắc Syria'
    assert "syria" in places and "tây bắc" not in places


def test_a_place_before_a_foreign_name_is_no_part_of_it(news):
    doc = "train-doisong-23352578"  # 'hoàng đế La Mã Marcus Aurelius'
    assert "marcus aurelius" in _names(news, doc, PERSON)
    assert "la mã" in _names(news, doc, PLACE)


def test_a_preposition_before_a_school_does_not_hide_its_place(news):
    assert "ba đình" in _names(news, "train-giaoduc-23355416", PLACE)  # 'tại Trường THPT Ba Đình'


def test_lowercase_region_before_a_country(news):
    assert {"miền bắc", "ba lan"} <= _names(news, "train-thegioi-23353954", PLACE)  # 'tại miền bắc Ba Lan'

"""strip_diacritics() drops exactly the combining characters after NFD, whatever the text."""
import random
import unicodedata

from kg.normalize.text import ascii_slug, strip_diacritics


def _reference(text: str) -> str:
    d = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in d if not unicodedata.combining(c))


def test_every_code_point():
    strip = strip_diacritics.__wrapped__  # not through the cache
    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    for c in chars:
        assert strip(c) == _reference(c), hex(ord(c))
        assert strip("a" + c + "\u0301") == _reference("a" + c + "\u0301"), hex(ord(c))


def test_mixed_texts():
    strip = strip_diacritics.__wrapped__
    rng = random.Random(7)
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậ ĐÀ\u0301\u034f\u0483ß-"
    for _ in range(20000):
        text = "".join(rng.choice(letters) if rng.random() < 0.9 else chr(rng.randrange(0x300, 0x3000))
                       for _ in range(rng.randint(0, 12)))
        assert strip(text) == _reference(text), text


def test_slug():
    assert ascii_slug("Ban Nội chính Tỉnh ủy Sơn La") == "ban-noi-chinh-tinh-uy-son-la"
    assert ascii_slug("Đắk Lắk  —  ΑΒΓ") == "dak-lak"
    assert ascii_slug("…") == "x"

"""Small pieces of English that pages and messages share: articles, plurals, number runs."""

from __future__ import annotations

# Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND = ("one", "once", "uni", "use", "usu", "eu", "ewe")
_VOWEL_SOUND = ("hour", "honest", "honour", "heir")


def with_article(noun: str) -> str:
    """The noun with "a" or "an" before it: "an observer", "a member office lead"."""
    text = (noun or "").strip()
    lower = text.lower()
    vowel = lower[:1] in "aeiou" and lower[:1] != ""
    if lower.startswith(_CONSONANT_SOUND):
        vowel = False
    if lower.startswith(_VOWEL_SOUND):
        vowel = True
    return f"{'an' if vowel else 'a'} {text}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """The count with its noun agreeing: "1 substitute", "4 substitutes", "0 replies"."""
    word = singular if count == 1 else (many or f"{singular}s")
    return f"{count} {word}"


def number_run(count: int) -> str:
    """The preference numbers 1 to `count` as words would list them: "1", "1 and 2",
    "1, 2 and 3", "1, 2, 3 and so on"."""
    if count <= 1:
        return "1"
    if count > 3:
        return "1, 2, 3 and so on"
    numbers = [str(n) for n in range(1, count + 1)]
    return ", ".join(numbers[:-1]) + " and " + numbers[-1]

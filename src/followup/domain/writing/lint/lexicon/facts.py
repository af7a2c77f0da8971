"""Facts (LINT-001..004): the words and phrases of the facts rules."""

from __future__ import annotations

from followup.domain.writing.lint.lexicon import Phrase, words

PLACEHOLDERS: tuple[Phrase, ...] = (
    (r"\[\s*[^\[\]\n]{0,40}\](?!\()", ""),
    (r"\{\{[^{}\n]{0,40}\}\}", ""),
    (r"\{[^{}\n]{0,40}\}", ""),
    (r"<\s*[A-Za-z][A-Za-z _.-]{0,30}>", ""),
    (r"<\s*>", ""),
    (r"(?-i:X{3,})", ""),
    (r"(?-i:TODO|FIXME|TBC)", ""),
    (r"(?-i:INSERT[A-Z ]{0,30})", ""),
    (r"insert (?:the )?(?:name|company|role|title|date|position) here", ""),
    (r"_{3,}", ""),
    (r"%\(?[a-z_]*\)?s", ""),
    (r"\$\{?[A-Za-z_]+\}?", ""),
    (r"lorem ipsum", ""),
)

# Salutations with nothing after them ("Dear ,") are placeholders too.
GREETING_WORDS: tuple[str, ...] = (
    r"dear",
    r"hi",
    r"hello",
    r"hey",
    r"hiya",
    r"yo",
    r"greetings",
    r"good (?:morning|afternoon|evening)",
)

TITLES: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam", "madame"}
)

# What may follow "Dear"/"Hi" without being a person's name.
NOT_NAMES: frozenset[str] = frozenset(
    {
        "there",
        "all",
        "everyone",
        "everybody",
        "team",
        "folks",
        "guys",
        "friends",
        "both",
        "hiring manager",
        "hiring team",
        "hiring committee",
        "sir or madam",
        "recruiter",
        "recruiting team",
        "panel",
        "all of you",
        "y'all",
        "you all",
        "colleagues",
        "to whom it may concern",
        "whom it may concern",
    }
)

# Words that make a phrase before "role"/"position" a job title (LINT-004).
TITLE_WORDS: frozenset[str] = words(
    """engineer engineering developer development designer design manager management
    analyst analytics scientist science director lead architect consultant specialist
    coordinator administrator associate intern internship officer representative writer
    researcher research accountant recruiter marketing sales product data software
    backend back-end frontend front-end fullstack full-stack senior junior staff principal
    head vp president executive editor producer strategist technician nurse teacher
    counsel attorney paralegal operations ops devops sre security qa quality support
    success account customer finance financial program project ux ui mobile platform
    infrastructure machine learning ml ai business partner advisor adviser planner
    buyer controller economist statistician librarian pharmacist therapist"""
)

ROLE_NOUNS: tuple[str, ...] = (r"role", r"position", r"opening", r"job", r"post", r"vacancy")

# Words between the article and the title that are not part of the title.
ROLE_FILLERS: frozenset[str] = words(
    """the a an this that your our my open new exciting great current available advertised
    posted same other"""
)

ROLE_ABBREVIATIONS: dict[str, str] = {
    "sr": "senior",
    "jr": "junior",
    "eng": "engineer",
    "mgr": "manager",
    "dev": "developer",
    "swe": "software",
    "pm": "product",
    "ds": "data",
}

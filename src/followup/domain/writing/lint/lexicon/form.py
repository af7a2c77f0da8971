"""Form (LINT-014..017, CONTENT-002): the words and phrases of the form rules."""

from __future__ import annotations

from followup.domain.writing.lint.lexicon import Phrase, words

# Exact lower-case tokens; matched case-sensitively so "U.S." or "R" are not slang.
SLANG: frozenset[str] = words(
    """thx thnx thanx tnx ty tysm pls plz lol lmao rofl omg btw brb ttyl lmk idk imo imho
    tbh np gr8 l8r b4 tgif gonna wanna gotta kinda sorta ya yeah yep yup nope dunno lemme
    gimme ain't y'all dude bro stoked psyched awesomesauce awesome-sauce haha hehe xoxo cuz
    coz u ur"""
)

CASUAL_PHRASES: tuple[Phrase, ...] = (
    (
        r"super (?:excited|helpful|interesting|cool|fun|keen|happy|glad|pumped)",
        "Use a plain intensifier such as “very”, or none.",
    ),
    (r"(?:no|nah) worries", "Drop it or use “Of course.”"),
    (r"catch you later|talk soon!|later!", "Close with “Best regards,”."),
    (r"pumped", "Say “excited” instead."),
)

CASUAL_GREETINGS: frozenset[str] = frozenset({"hey", "hiya", "yo", "sup", "heya", "howdy"})

EMOTICONS: tuple[str, ...] = (
    ":)",
    ":-)",
    ":(",
    ":-(",
    ";)",
    ";-)",
    ":D",
    ":-D",
    ":P",
    ":-P",
    ":p",
    "xD",
    "XD",
    "<3",
    ":/",
    ":-/",
    "^_^",
    ":O",
    ":o",
    "=)",
    "(:",
)

# All-caps words that are shouting, not acronyms (LINT-014 spirit, CONTENT-012).
SHOUTING: frozenset[str] = words(
    """REALLY VERY THANK THANKS LOVE LOVED NEED MUST HUGE AMAZING EXCITED PLEASE URGENT NOW
    BEST GREAT TRULY HAPPY EXTREMELY HONORED HONOURED DREAM PERFECT INCREDIBLE ABSOLUTELY
    TOTALLY SUPER WANT HOPE WAIT YES NOT NEVER WOW BEG SO MUCH ANY ALL THRILLED"""
)

# Long all-caps words that are names or acronyms, not shouting.
ACRONYMS: frozenset[str] = words(
    """NASDAQ FORTRAN UNICEF NVIDIA COBOL HIPAA GDPR SWIFT SAFE FINRA CISSP CCNA PMP CFA CPA
    OAUTH HTTPS IEEE NATO UNESCO OSHA SOC ISO ANSI ASCII UNIX LINUX POSIX AGILE SCRUM
    RESTFUL MYSQL NOSQL KANBAN OKR OKRS KPI KPIS SAAS PAAS IAAS"""
)

SIGN_OFFS: tuple[str, ...] = (
    r"best",
    r"best regards",
    r"kind regards",
    r"warm regards",
    r"warmest regards",
    r"regards",
    r"warmly",
    r"sincerely",
    r"yours sincerely",
    r"sincerely yours",
    r"yours truly",
    r"yours",
    r"thanks",
    r"thank you",
    r"many thanks",
    r"thanks again",
    r"thank you again",
    r"with thanks",
    r"with gratitude",
    r"cheers",
    r"all the best",
    r"best wishes",
    r"warm wishes",
    r"respectfully",
    r"with appreciation",
    r"gratefully",
    r"take care",
    r"talk soon",
)

GENERIC_SUBJECTS: frozenset[str] = frozenset(
    (
        "following up",
        "follow up",
        "follow-up",
        "followup",
        "hi",
        "hello",
        "hey",
        "hi there",
        "checking in",
        "check in",
        "just checking in",
        "thank you",
        "thanks",
        "thank-you",
        "many thanks",
        "quick question",
        "question",
        "update",
        "touching base",
        "no subject",
        "note",
        "hello there",
        "interview",
        "greetings",
        "re",
        "fwd",
        "a note",
        "a quick note",
        "quick note",
        "just following up",
        "following up again",
        "status",
        "status update",
        "any update",
        "any updates",
        "thank you for your time",
        "thanks for your time",
        "my interview",
        "thank you note",
        "thank-you note",
    )
)

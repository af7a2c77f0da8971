"""Structure (CONTENT-001, CONTENT-011): the words and phrases of the structure rules."""

from __future__ import annotations

from followup.domain.writing.lint.lexicon import words

GRATITUDE: tuple[str, ...] = (
    r"thank(?:s|ed|ing)?",
    r"thank you",
    r"thankful",
    r"grateful(?:ly)?",
    r"gratitude",
    r"appreciat(?:e|ed|es|ing|ion|ive)",
    r"thx|thnx|thanx|tnx|ty|tysm",  # casual, but thanks all the same (too-casual flags it)
)

# Gratitude that is not: a refusal or sarcasm.
NOT_GRATITUDE: tuple[str, ...] = (
    r"no,? thank(?:s| you)",
    r"thanks,? but no thanks",
    r"thank(?:s| you) for nothing",
    r"no thanks to",
)

ENTHUSIASM: tuple[str, ...] = (
    r"excit(?:ed|ing|ement|es me)",
    r"enthusias(?:m|tic|tically)",
    r"eager(?:ly|ness)?",
    r"keen",
    r"thrilled",
    r"delighted",
    r"energi[sz]ed",
    r"inspir(?:ed|ing)",
    r"passionate about",
    r"look(?:ing|s)? forward(?! to (?:hearing|getting) (?:from you|back))",
    r"(?:my|strong|genuine|real|keen|continued|sincere) interest",
    r"(?:very |really |still |more |genuinely |strongly |highly )?interested in",
    r"(?:would|I'd|we'd) love to",
    r"can't wait",
    r"appeal(?:s|ed|ing)? to me",
    r"motivated",
    # Plainer ways a note to a senior reader says it (issue 15 §1).
    r"(?:welcome|value|appreciate) the (?:chance|opportunity) to (?:join|contribute|work)",
    r"(?:hope|would be glad|would be happy) to (?:have the chance to )?(?:join|contribute)",
    r"strengthened my interest",
)

# Words that cancel a following enthusiasm or gratitude word (three words back).
NEGATORS: frozenset[str] = frozenset(
    {
        "not",
        "no",
        "never",
        "less",
        "hardly",
        "longer",
        "don't",
        "didn't",
        "isn't",
        "wasn't",
        "aren't",
        "nor",
        "without",
        "neither",
    }
)

INVITATION: tuple[str, ...] = (
    r"let me know",
    r"feel free",
    r"(?:do not|don't) hesitate",
    (
        r"(?:happy|glad|pleased|delighted|keen) to (?:answer|provide|share|"
        r"send|discuss|talk|chat|walk|go|help|elaborate|expand|clarify|"
        r"follow|meet|continue|dig|dive|put together|pass along|connect)"
    ),
    r"(?:any|other|further|more|follow-up|additional) questions",
    r"questions (?:you|that) (?:may |might )?have",
    r"anything else (?:you|I|that)",
    (
        r"(?:additional|further|more|other) (?:information|details|materials|"
        r"examples|samples|references)"
    ),
    r"reach out",
    r"continu(?:e|ing) (?:the|our) (?:conversation|discussion)",
    r"(?:talk|speak|chat) (?:again|further|more)",
    r"(?:next|another|a follow-up|follow-up) (?:conversation|discussion|call|chat)",
    r"I can (?:send|share|provide|walk)",
    (
        r"(?:available|free) (?:to talk|to chat|for a call|for a follow-up|"
        r"for another|to meet|to discuss)"
    ),
    r"if (?:it|that) (?:would be|is) (?:helpful|useful)",
    r"keep (?:talking|the conversation going|in touch)|say the word",
    r"if you (?:want|would like|need|'d like) (?:more|further|any|to see|to discuss|to talk)",
)

# Words that show a sentence is about the conversation; a specific detail must follow
# in the same sentence (LINT-008, no context).
DETAIL_MARKERS: tuple[str, ...] = (
    r"discuss(?:ed|ing|ion|ions)?",
    r"conversations?|chat|talk(?:ed|ing)? (?:about|through)|sp(?:oke|eaking) (?:about|of)",
    r"mention(?:ed|ing)?|describ(?:ed|ing)|descriptions?|explain(?:ed|ing)|explanations?",
    r"shar(?:ed|ing)|show(?:ed|ing)|showed me|told me|walk(?:ed|ing)? me through|walkthrough",
    r"learn(?:ed|ing|t)|hear(?:ing|d)(?! (?:from you|back))|stor(?:y|ies)|advice|tips?|tour|demo",
    r"(?:point|perspective|take|thoughts|insights?|question|questions|example|comments?) "
    r"(?:on|about|of|that|around|regarding|into)",
    r"(?:struck|impressed|intrigued|fascinated|inspired) by|stuck with me|stayed with me",
    r"(?:especially|particularly) (?:enjoyed|liked|appreciated|valued)",
)

# Words too common in any note to count as a specific detail or a topic match.
GENERIC_WORDS: frozenset[str] = words(
    """insight insights skills skill experience experiences background fit contribute
    contributing contribution success growth pleasure honor honour chance possibility
    environment priorities challenges approach strategy direction details detail
    information industry market field career colleagues leadership management hiring
    clients customers services enjoyed enjoy appreciated appreciate learning learned
    speaking meeting talking discussing hearing believe confident excited exciting
    valuable strong great wonderful fantastic amazing interesting insightful helpful
    informative thoughtful productive engaging pleasant enjoyable really very truly
    taking taken take took spend spent sharing shared giving gave getting got make made
    speak spoke meet met learn hear heard discuss discussed talked mentioned described
    explained told showed walked first second morning afternoon evening yesterday
    monday tuesday wednesday thursday friday week today time company's organization's
    overall general specific particular whole entire well also even still further
    additional potential possible ideal perfect exactly certainly definitely thank thanks
    look looking forward hope hoping soon back
    team teams role roles company companies position positions job jobs opportunity
    opportunities culture work working organization organisation business interview
    interviews interviewing conversation conversations discussion discussions department
    group things thing everything day days time people office mission values goals vision
    plans plan future responsibilities expectations process next steps more lot lots
    today yesterday week meeting chat call talk way ways part kind sort bit much many
    great good nice new current future recent various different own other others
    product products project projects company's team's role's you your yours it its
    this that these those what how why when where which who whom about"""
)

STOPWORDS: frozenset[str] = words(
    """a an the and or but if of to in on at by for with from into onto over under as is
    are was were be been being am do does did done have has had having i me my we our us
    you your he she they them their it its this that these those there here so than then
    too very just also not no nor can could would should will shall may might must up
    out off about after before again all any both each few more most some such only own
    same other s t via per"""
)

# After an informational meeting an offer to share or to return the favour is the
# invitation (issue 15 §4): "I will send it over", "if I can ever return the favour".
OFFER_TO_SHARE: tuple[str, ...] = (
    r"return the favou?r",
    r"(?:send|pass|forward|share) (?:it|them|this|that|the \w+)(?: \w+)? (?:over|along|with you)",
    r"(?:send|share) (?:it|them|this|that) (?:in case|if)",
    r"in case (?:it is|it's|they are|they're) (?:useful|helpful)",
    r"(?:happy|glad) to (?:help|introduce|make an introduction)",
    r"if I can (?:ever )?(?:help|be useful|be of help)",
)

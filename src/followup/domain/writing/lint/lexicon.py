"""Word lists and phrase patterns the linter matches (domain-rules.md §6).

Patterns are regular expressions over one sentence of prose. In them a plain space
stands for any run of whitespace and `'` for either apostrophe (' or ’); the linter
adds word boundaries and matches case-insensitively unless a list says otherwise.
Each entry is `(pattern, suggestion)`; an empty suggestion falls back to the rule's.
"""

from __future__ import annotations

Phrase = tuple[str, str]


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, split on whitespace."""
    return frozenset(text.split())


# --- Structure (CONTENT-001, CONTENT-011) -------------------------------------------------

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
GENERIC_WORDS: frozenset[str] = _words(
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

STOPWORDS: frozenset[str] = _words(
    """a an the and or but if of to in on at by for with from into onto over under as is
    are was were be been being am do does did done have has had having i me my we our us
    you your he she they them their it its this that these those there here so than then
    too very just also not no nor can could would should will shall may might must up
    out off about after before again all any both each few more most some such only own
    same other s t via per"""
)

# --- Facts (LINT-001..004) ----------------------------------------------------------------

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
TITLE_WORDS: frozenset[str] = _words(
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
ROLE_FILLERS: frozenset[str] = _words(
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

# --- Tone (LINT-011..013, LINT-018, LINT-019) ---------------------------------------------

DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|today)"

PUSHY: tuple[Phrase, ...] = (
    (
        r"(?:just )?following up (?:again|once more|yet again|one more time)",
        "Follow up once, after the date they gave (TIMING-007), and add something new (CAD-005).",
    ),
    (
        r"(?:just )?checking in (?:again|once more|yet again)",
        "Follow up once, after the date they gave (TIMING-007), and add something new (CAD-005).",
    ),
    (
        r"(?:just )?bump(?:ing)? (?:this|my (?:email|message|note))(?: up| to the top)?",
        "Write a fresh, short status check instead of bumping the thread.",
    ),
    (
        r"I (?:still )?(?:haven't|have not|hadn't|had not) heard (?:back|anything)",
        "Do not point out the silence; ask politely about the timeline (CONTENT-011).",
    ),
    (
        r"(?:I'm |I am |I've been |I have been )?still waiting",
        "Do not point out the silence; ask politely about the timeline (CONTENT-011).",
    ),
    (
        r"(?:I|we) need (?:an|your|a) (?:answer|reply|response|decision|update)",
        "Ask about the timeline instead of demanding an answer.",
    ),
    (r"need to (?:know|hear(?: back)?) (?:by|before)", "Do not set the employer a deadline."),
    (r"asap|a\.s\.a\.p\.?", "Drop “ASAP”; ask when they expect to decide."),
    (r"(?:this is|it's|it is) urgent|urgently", "Drop the urgency; ask about their timeline."),
    (
        r"please (?:respond|reply|answer|get back to me)",
        "End with an open offer to help instead of a demand.",
    ),
    (r"any (?:news|updates?)\s*\?{2,}", "Use one question mark and a full sentence."),
    (
        r"per my (?:last|previous|earlier|prior) (?:e-?mail|message|note)",
        "Restate the point without pointing at the earlier email (LINT-013).",
    ),
    (
        (
            r"as (?:I|I've|I have) (?:already )?(?:mentioned|said|stated|noted|"
            r"explained) (?:previously|before|earlier|in my (?:last|previous))"
        ),
        "Restate the point without pointing at the earlier email (LINT-013).",
    ),
    (
        r"as previously (?:mentioned|stated|noted)",
        "Restate the point without pointing at the earlier email (LINT-013).",
    ),
    (r"you said you would", "Do not hold them to a promise; ask about the timeline."),
    (r"I was told I would hear", "Do not hold them to a promise; ask about the timeline."),
    (
        (
            r"it's been (?:\w+ ){0,2}(?:days|weeks|months)|it has been (?:\w+ ){0,2}(?:days|"
            r"weeks|months)"
        ),
        "Do not count the days for them; ask about the timeline.",
    ),
    (
        r"I expected (?:to hear|a response|an answer|a reply|a decision)",
        "Do not point out the silence; ask politely about the timeline (CONTENT-011).",
    ),
    (
        r"why (?:haven't|have not|hasn't|has not) (?:I|you|anyone)",
        "Do not point out the silence; ask politely about the timeline (CONTENT-011).",
    ),
    (
        (
            r"(?:respond|reply|get back to me|let me know|hear back|hear from you|"
            r"decide|a decision|an answer|a response|your answer|your decision) (?:by|"
            r"before|no later than) (?:the )?(?:end of (?:the )?(?:day|week|"
            r"month)|eod|cob|close of business|"
        )
        + DAYS
        + r"|\d)",
        "Do not set the employer a deadline; if you hold another offer, say so plainly.",
    ),
    (
        r"(?:get back to me|respond|reply|let me know|decide) as soon as possible",
        "Ask when they expect to decide instead.",
    ),
    (r"(?:otherwise|or else),? I(?:'ll| will)", "Remove the ultimatum."),
    (
        r"if I (?:don't|do not) hear (?:back )?(?:from you )?(?:by|before|soon|within)",
        "Remove the ultimatum.",
    ),
    (
        (
            r"I (?:will|'ll) (?:have to )?(?:accept|take|go with) (?:another|"
            r"the other|a competing) offer"
        ),
        "Remove the ultimatum; if you hold another offer, mention it neutrally.",
    ),
    (
        r"this is my (?:last|final) (?:attempt|e-?mail|follow-up|message|try)",
        "Remove the ultimatum.",
    ),
    (r"final (?:notice|reminder)", "Remove the ultimatum."),
)

DESPERATE: tuple[Phrase, ...] = (
    (
        (
            r"I (?:really |truly |desperately |badly |just )?need this (?:job|"
            r"role|position|opportunity|offer)"
        ),
        "Show interest through what you would bring, not through need.",
    ),
    (
        r"desperate(?:ly)?|desperation",
        "Show interest through what you would bring, not through need.",
    ),
    (
        r"I(?:'ll| will| would|'d) (?:take|accept) (?:anything|any (?:role|job|position))",
        "Name the role you want; flexibility can be said without sounding desperate.",
    ),
    (r"any (?:position|role|job) at all", "Name the role you want."),
    (r"I(?:'m| am) begging|I beg (?:you)?|begging you", "Remove the plea."),
    (r"please (?:just )?(?:give me a chance|hire me)", "Remove the plea."),
    (r"please,? please", "Remove the plea."),
    (
        r"(?:you are|you're|this is|it's|this company is) my (?:only|last) (?:option|hope|chance)",
        "Remove the plea.",
    ),
    (r"my (?:only|last) (?:option|hope)", "Remove the plea."),
    (r"I(?:'ll| will|'d| would) do anything", "Remove the plea."),
    (
        r"(?:so |very |really )?sorry to (?:bother|trouble|pester|disturb) you(?: again)?",
        "Drop the apology for writing; a courteous note is no bother.",
    ),
    (r"I can(?:'t|not) afford to (?:lose|miss)", "Remove the plea."),
    (r"(?:this job|this role|it) (?:would mean|means) everything", "Remove the plea."),
    (r"please (?:don't|do not) (?:forget|ignore) (?:about )?me", "Remove the plea."),
)

APOLOGY: tuple[Phrase, ...] = (
    (
        (
            r"(?:I'm |I am |I was )?(?:so |very |really )?sorry (?:that )?I (?:was|"
            r"got|arrived|ran|came|seemed|sounded|didn't|couldn't|did not|"
            r"could not|forgot|rambled|stumbled)"
        ),
        "Leave the apology out; if something needs correcting, state it positively (CONTENT-007).",
    ),
    (
        (
            r"sorry (?:for|about) (?:my|being|not|rambling|running|arriving|"
            r"going|the (?:late|delay|confusion|mix-up|technical))"
        ),
        "Leave the apology out; if something needs correcting, state it positively (CONTENT-007).",
    ),
    (r"sorry for the delay", "Leave the apology out; a late note still helps (TIMING-001)."),
    (
        r"I (?:sincerely |truly |do )?apologi[sz]e",
        "Leave the apology out; if something needs correcting, state it positively (CONTENT-007).",
    ),
    (
        r"(?:my )?apologies (?:for|that|again|if)",
        "Leave the apology out; if something needs correcting, state it positively (CONTENT-007).",
    ),
    (
        r"please (?:forgive|excuse) (?:my|me|the)|forgive me for",
        "Leave the apology out; if something needs correcting, state it positively (CONTENT-007).",
    ),
    (
        (
            r"I (?:didn't|did not|couldn't|could not) (?:answer|explain|articulate|"
            r"express|handle|describe|present|do)\b[^.!?\n]{0,50}?\b(?:well|"
            r"properly|clearly|justice|as well as I|the way I)"
        ),
        "Add the better answer as a positive add-on instead (CONTENT-007).",
    ),
    (
        r"I (?:rambled|stumbled|blanked|froze|fumbled|bombed|botched|messed up|blew)",
        "Leave out the self-criticism; add the better answer as a positive add-on (CONTENT-007).",
    ),
    (
        (
            r"I (?:know|realize|realise|feel) (?:that )?I (?:didn't|did not|"
            r"wasn't|was not|could have|should have)"
        ),
        "Leave out the self-criticism; add the better answer as a positive add-on (CONTENT-007).",
    ),
    (
        r"I should have (?:answered|said|explained|prepared|mentioned|asked)",
        "State the point directly: “One more thing worth adding: …” (CONTENT-007).",
    ),
    (
        r"I wish I had (?:answered|said|explained|prepared|mentioned)",
        "State the point directly: “One more thing worth adding: …” (CONTENT-007).",
    ),
    (
        r"(?:not|wasn't|was not) my best (?:day|performance|interview|showing)",
        "Leave out the self-criticism (CONTENT-007).",
    ),
    (
        r"I (?:was|got) (?:so |very |really |a bit |quite )?(?:nervous|flustered|tongue-tied)",
        "Leave out the nerves; add a positive point instead (CONTENT-007).",
    ),
)

_NEG = (
    r"(?:terrible|awful|horrible|toxic|incompetent|clueless|useless|a mess|a nightmare|a joke|"
    r"dysfunctional|chaotic|disorgani[sz]ed|unbearable|miserable|the worst|so bad|bad|lazy|"
    r"stupid|idiotic|ridiculous|a disaster|hopeless|unprofessional|frustrating|painful|"
    r"exhausting|soul-crushing|a waste)"
)
_PAST = r"(?:current |previous |former |last |old |ex-|present )?"
_WHO = (
    r"(?:boss|manager|employer|company|team|job|workplace|supervisor|colleagues|coworkers|"
    r"co-workers|management|leadership|org|organi[sz]ation|department|director|lead)"
)
_PROCESS = (
    r"(?:interview|process|hiring process|interview process|recruiting process|panel|questions|"
    r"interviewers|scheduling|format|wait|delay|assessment|take-home|exercise|communication)"
)

NEGATIVE: tuple[Phrase, ...] = (
    (
        r"my "
        + _PAST
        + _WHO
        + r" (?:is|was|were|are|has been|had been|can be|could be)(?: \w+){0,2}? "
        + _NEG,
        "Talk about what you want next, not about what was wrong with your last job (LINT-018).",
    ),
    (
        (
            r"(?:toxic|incompetent|clueless|terrible|awful|horrible|dysfunctional|"
            r"useless|micromanaging|lazy|stupid|bad|chaotic) "
        )
        + (
            r"(?:boss|manager|managers|management|leadership|employer|culture|"
            r"workplace|environment|coworkers|colleagues)"
        ),
        "Talk about what you want next, not about what was wrong with your last job (LINT-018).",
    ),
    (
        (
            r"(?:hated|hate|couldn't stand|can't stand|despise|despised|loathe|"
            r"loathed) (?:my|working (?:at|for|with)|the (?:job|company|team|"
            r"management|place))"
        ),
        "Talk about what you want next, not about what you disliked (LINT-018).",
    ),
    (
        r"(?:escape|get away from|get out of|flee) (?:my|that|this) "
        + _PAST
        + r"(?:job|company|boss|team|place|employer|manager)",
        "Say what draws you to this role instead (LINT-018).",
    ),
    (
        r"waste of (?:my |our |your |everyone's )?time",
        "Leave out criticism of the process (LINT-018).",
    ),
    (
        r"(?:the|this|your|our|today's|yesterday's) "
        + _PROCESS
        + (
            r"(?: \w+){0,3}? (?:was|were|is|are|has been|have been|felt|seemed|"
            r"seems|seem) (?:\w+ ){0,2}?(?:too long|disorgani[sz]ed|chaotic|"
            r"a mess|frustrating|unfair|ridiculous|pointless|excessive|unprofessional|"
            r"confusing|a waste|painful|tedious|poorly (?:run|organi[sz]ed|"
            r"planned)|slow|exhausting|annoying|rude|dismissive|condescending|"
            r"irrelevant|badly (?:run|organi[sz]ed)|a joke|absurd|unreasonable)"
        ),
        "Leave out criticism of the process (LINT-018).",
    ),
    (
        (
            r"you (?:seemed|were|looked|sounded|came across as) (?:a bit |"
            r"rather |quite |very |so |pretty |somewhat |a little )?(?:distracted|"
            r"bored|rude|unprepared|uninterested|disinterested|dismissive|"
            r"disengaged|impatient|annoyed|condescending|disorgani[sz]ed|late|"
            r"unfriendly|cold)"
        ),
        "Leave out remarks about the interviewer (LINT-018).",
    ),
    (
        (
            r"I(?:'m| am) (?:really |just |honestly )?(?:terrible|awful|hopeless|"
            r"bad|useless|not great|not good|not very good|not strong|weak) (?:at|"
            r"with)"
        ),
        "Present the skill you are building instead of criticising yourself (LINT-018).",
    ),
    (r"kept (?:me|us) waiting", "Leave out criticism of the process (LINT-018)."),
    (
        r"(?:unlike|compared to|compared with) my " + _PAST + _WHO + r",? (?:which|where|who)",
        "Talk about what draws you here, not about what was wrong elsewhere (LINT-018).",
    ),
)

SALARY: tuple[Phrase, ...] = (
    (r"salar(?:y|ies)", ""),
    (r"compensation(?! (?:logic|step|steps|transaction|transactions|handler|event|events))", ""),
    (
        (
            r"(?:the|base|hourly|take-home|starting) pay(?! (?:attention|off|"
            r"for|it|them|us|back))|pay (?:range|band|scale|grade|rise|increase|"
            r"raise|cut|package|rate)"
        ),
        "",
    ),
    (r"how much (?:the (?:role|position|job) )?(?:pays|would pay|it pays)", ""),
    (
        (
            r"(?:signing|sign-on|annual|performance|year-end|target|cash) bonus(?:es)?|"
            r"bonus (?:structure|plan|target|potential|scheme)"
        ),
        "",
    ),
    (
        (
            r"equity (?:package|grant|stake|refresh|component|offer|compensation)|"
            r"stock options?|stock grants?|rsus?"
        ),
        "",
    ),
    (
        (
            r"(?:health|medical|dental|vision|employee|retirement|pension|"
            r"insurance) benefits|benefits (?:package|plan|coverage|offered|"
            r"you offer)|salary and benefits|pay and benefits"
        ),
        "",
    ),
    (
        (
            r"vacation (?:days|time|policy|allowance|leave)|weeks of vacation|"
            r"days of vacation|pto|paid time off|time-off policy|time off policy|"
            r"annual leave|holiday allowance"
        ),
        "",
    ),
    (r"(?:a|pay|salary) raise", ""),
    (r"401\(?k\)?", ""),
)

# --- Form (LINT-014..017, CONTENT-002) ---------------------------------------------------

# Exact lower-case tokens; matched case-sensitively so "U.S." or "R" are not slang.
SLANG: frozenset[str] = _words(
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
SHOUTING: frozenset[str] = _words(
    """REALLY VERY THANK THANKS LOVE LOVED NEED MUST HUGE AMAZING EXCITED PLEASE URGENT NOW
    BEST GREAT TRULY HAPPY EXTREMELY HONORED HONOURED DREAM PERFECT INCREDIBLE ABSOLUTELY
    TOTALLY SUPER WANT HOPE WAIT YES NOT NEVER WOW BEG SO MUCH ANY ALL THRILLED"""
)

# Long all-caps words that are names or acronyms, not shouting.
ACRONYMS: frozenset[str] = _words(
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

# --- Spelling (LINT-005) -------------------------------------------------------------------

# Everyday business and technology words that general dictionaries miss.
EXTRA_WORDS: frozenset[str] = _words(
    """onboarding offboarding roadmap roadmaps dataset datasets workflow workflows
    microservice microservices fintech healthtech edtech offsite offsites onsite onsites
    kubernetes devops backend frontend fullstack homepage codebase codebases
    workstream workstreams stakeholder stakeholders upskilling reskilling teammate teammates
    cofounder cofounders startup startups scaleup scaleups dashboard dashboards toolchain
    toolchains pipeline pipelines observability scalability runbook runbooks postmortem
    postmortems retro retros standup standups sprint sprints backlog backlogs timeline
    timelines deliverable deliverables headcount upskill hackathon hackathons webinar
    webinars analytics fulfillment fulfilment onboard onboarded walkthrough walkthroughs
    takeaway takeaways learnings roundtable ecommerce e-commerce saas paas api apis sdk sdks
    repo repos refactor refactoring refactored refactors linter linters ci cd etl elt
    orchestration containerization containerisation deduplication denormalization
    latency throughput uptime failover autoscaling multi-tenant multitenant monorepo
    typescript javascript postgres postgresql kafka airflow snowflake databricks terraform
    ansible graphql grpc redis mongodb pytorch tensorflow jupyter numpy pandas scikit
    nonprofit nonprofits cross-functional crossfunctional mentorship reimagining
    livestream email emails emailed emailing inbox offline online website websites
    login logins signup signups lifecycle benchmarking benchmarked geospatial
    omnichannel wireframe wireframes wireframing prototyping usability accessibility
    localization localisation internationalization personalization personalisation
    recruiter recruiters interviewer interviewers interviewee shortlist shortlisted
    cybersecurity infosec telemetry gamification subscription subscriptions
    reconciliation reconciliations quant quants underwriting fintechs insurtech proptech
    biotech medtech cleantech agritech climatetech upsell upselling cross-sell
    churn onboards preboarding unblock unblocked unblocking unbundle coworking
    hybrid async asynchronous synchronous cron cutover cutovers meetup meetups podcast
    podcasts rota rotas rollout rollouts kpi kpis okr okrs reskill webinar deliverables
    timelines workstream skillset skillsets toolset toolkits standups bootcamp bootcamps
    crowdfunding vlog logout app apps smartphone smartphones wifi chatbot chatbots
    multiplatform blockchain cryptocurrency golang kotlin figma jira github gitlab linkedin
    geolocation telehealth telemedicine pharma esports metaverse realtime checkin
    rebrand rebranding rebranded reorg reorgs offboard upskilled roadmapping derisk
    descoped dataflow dataflows changelog changelogs docstring docstrings replayable
    idempotent idempotency"""
)

# British spellings: if the American form is known, the British one is too.
BRITISH_VARIANTS: tuple[tuple[str, str], ...] = (
    ("isation", "ization"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("ises", "izes"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("ysing", "yzing"),
    ("our", "or"),
    ("ours", "ors"),
    ("oured", "ored"),
    ("ouring", "oring"),
    ("ourable", "orable"),
    ("tre", "ter"),
    ("tres", "ters"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ogue", "og"),
    ("ogues", "ogs"),
    ("ence", "ense"),
    ("mme", "m"),
    ("mmes", "ms"),
    ("ement", "ment"),
)

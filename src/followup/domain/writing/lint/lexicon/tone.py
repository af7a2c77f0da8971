"""Tone (LINT-011..013, LINT-018, LINT-019): the words and phrases of the tone rules."""

from __future__ import annotations

from followup.domain.writing.lint.lexicon import Phrase

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

# LINT-020: gushing. Superlatives about the interview, the interviewer or the company.
_FLAT = "Say thank you once, and let a specific reference show your interest."
FLATTERY: tuple[Phrase, ...] = (
    (r"(?:thank you|thanks)[,!.]? (?:so much[,!.]? )?(?:thank you|thanks)", _FLAT),
    (r"(?:the )?most (?:amazing|incredible|inspiring|brilliant|wonderful|impressive|"
     r"fascinating|memorable|enlightening) (?:\w+ ){0,3}(?:of my (?:life|career)|"
     r"I have ever|I've ever|ever)", _FLAT),
    (r"(?:the )?most (?:amazing|incredible|brilliant|inspiring) (?:interview|"
     r"conversation|person|interviewer|leader|manager|planner|team|company)", _FLAT),
    (r"(?:an |such an |what an )?(?:incredible|immense|enormous|tremendous|huge) honou?r",
     _FLAT),
    (r"(?:my|the) dream (?:company|job|role|employer|team|position)", _FLAT),
    (r"(?:you are|you're|this is|it is|it's) my (?:#1|number one|no\. 1|top) choice", _FLAT),
    (r"of my (?:entire )?life", _FLAT),
    (r"(?:the )?(?:best|greatest|finest) (?:interview|conversation|meeting|day|experience)s? "
     r"(?:I have ever had|I've ever had|I have had|of my (?:entire |whole )?(?:life|career))",
     _FLAT),
    (r"(?:company|job|role|employer|team) of my dreams", _FLAT),
    (r"(?:truly |simply )?(?:beyond|above) (?:words|compare)", _FLAT),
)  # fmt: skip

# HOLIDAY-004 / NURTURE-002: a job request or résumé where a greeting should be.
_ASK = "Keep this note a greeting; ask about openings in a separate message later."
JOB_REQUEST: tuple[Phrase, ...] = (
    (r"(?:are there|is there|do you (?:know of|have)|any) (?:any )?(?:new )?(?:openings?|"
     r"vacanc(?:y|ies)|open (?:roles?|positions?)|positions? (?:open|available)|roles? "
     r"(?:open|available))", _ASK),
    (r"(?:attached|enclosed|attaching|enclosing) (?:is )?(?:a copy of )?my (?:updated |"
     r"latest |current |new )?(?:resume|résumé|cv|curriculum vitae)", _ASK),
    (r"(?:my|an) updated (?:resume|résumé|cv)", _ASK),
    (r"refer me|put in a (?:good )?word for me|(?:recommend|introduce) me (?:for|to the "
     r"hiring)", _ASK),
    (r"(?:please )?keep me in mind", _ASK),
    (r"if (?:a|an|any) (?:\w+ ){0,2}(?:roles?|positions?|jobs?|openings?) (?:opens?(?: up)?|"
     r"comes? up|becomes? available)", _ASK),
    (r"(?:my )?(?:cv|resume|résumé) is attached", _ASK),
    (r"(?:are you|is (?:the team|your team|\w+)) hiring", _ASK),
)  # fmt: skip

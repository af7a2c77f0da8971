"""Spelling (LINT-005): the words and phrases of the spelling rules."""

from __future__ import annotations

from followup.domain.writing.lint.lexicon import words

# Everyday business and technology words that general dictionaries miss.
EXTRA_WORDS: frozenset[str] = words(
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
    idempotent idempotency pytest pytests mypy pydantic fastapi django flask numpy scipy
    matplotlib seaborn ggplot tidyverse sklearn xgboost lightgbm huggingface llm llms
    backfill backfills backfilled backfilling voicemail voicemails organoid organoids
    genomics proteomics transcriptomics metagenomics bioinformatics cheminformatics
    biomarker biomarkers biobank biobanks assays crispr immunotherapy immunotherapies
    pharmacovigilance microbiome microbiomes nanopore lidar geocoding dbt kubectl helm
    microfluidics spectrometry cryo-em preprint preprints postdoc postdocs postdoctoral
    upskills reskilled dashboarding datastore datastores"""
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

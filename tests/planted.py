"""Synthetic "planted-theme" feedback corpora with known ground truth.

Every record is a short rejection email, interviewer scorecard or candidate
self-note. Actionable records carry feedback sentences for one or two planted
themes (``record.themes``, primary first); pure boilerplate records carry only
rejection language of one kind (``record.boilerplate``) and pleasantries.

The sentence pools below are hand-written and deliberately varied (hedged,
indirect, specific, terse, first person, praise-then-criticism) so that a theme
engine has to generalise rather than match strings. They are independent of the
product's taxonomy prompts and of the labelled sample corpus.

Layout of a corpus from ``planted_corpus(n)``:

* ``round(n * boilerplate_share)`` pure boilerplate records, kinds in rotation;
* the remaining ``A`` actionable records use the first ``k`` requested themes,
  ``k = min(len(themes), max(1, A // 3))``, so every planted theme recurs at least
  three times (for ``n = 8``: 3 ``system_design``, 3 ``testing``, 2 boilerplate);
* primary themes rotate over those ``k`` themes; when ``k >= 3`` about 30% of the
  actionable records get a second theme, chosen to keep per-theme totals level;
* for ``n >= 40`` about 5% of the records (single-theme ones) are written in
  Spanish or German, alternately; see :func:`language_of`.

Used from tests as ``from planted import planted_corpus`` and from benchmarks after
``sys.path.insert(0, "tests")``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

THEMES: dict[str, str] = {
    "system_design": "Architecture and scaling: trade-offs, bottlenecks, failure handling.",
    "testing": "Testing and verification: unit tests, edge cases, test strategy.",
    "communication": "Explaining clearly and concisely: thinking aloud, structure, audience.",
    "clarifying_questions": "Asking about requirements, constraints and scope before solving.",
    "behavioral_examples": "Concrete behavioural stories: own contribution, outcomes, impact.",
    "sql_data_modeling": "SQL and data modelling: joins, schemas, normalisation, indexes.",
    "coding_fluency": "Hands-on coding speed and fluency: syntax, idioms, finishing in time.",
    "accessibility": "Web accessibility: keyboard use, screen readers, ARIA, contrast, WCAG.",
    "incident_response": "On-call and outages: mitigation, rollback, triage, postmortems.",
}

BOILERPLATE_KINDS: tuple[str, ...] = (
    "other_candidates",
    "role_filled",
    "role_closed",
    "internal_candidate",
)

STAGES: tuple[str, ...] = (
    "recruiter-screen",
    "phone-screen",
    "technical",
    "take-home",
    "onsite",
    "final",
)

_STAGE_NAMES: dict[str, str] = {
    "recruiter-screen": "recruiter screen",
    "phone-screen": "phone screen",
    "technical": "technical interview",
    "take-home": "take-home exercise",
    "onsite": "onsite interviews",
    "final": "final round",
}

_FIRST_DAY = dt.date(2026, 1, 1).toordinal()
_LAST_DAY = dt.date(2026, 11, 20).toordinal()

_PAIR_SHARE = 0.3  # share of actionable records with a second theme
_FOREIGN_SHARE = 0.05  # share of records in Spanish or German (n >= 40)
_FOREIGN_MIN_N = 40

CANDIDATE = "Jordan"


@dataclass(frozen=True)
class PlantedRecord:
    id: str
    company: str
    role: str
    stage: str
    date: str
    interviewer: str
    text: str
    themes: tuple[str, ...]
    boilerplate: str | None


COMPANIES: tuple[str, ...] = (
    "Brightwater Systems",
    "Cobalt Harbor",
    "Ferncliff Software",
    "Granite Peak Labs",
    "Halcyon Data",
    "Ironbark Health",
    "Juniper Row",
    "Kestrel Logistics",
    "Lanternfish AI",
    "Meridian Loop",
    "Nimbus Forge",
    "Oakhollow Games",
    "Pelican Payments",
    "Quillstone",
    "Redwood Relay",
    "Saltmarsh Bio",
    "Tidewater Robotics",
    "Umbra Security",
    "Vantage Orchard",
    "Willowmere",
    "Xylo Audio",
    "Yellowtail Travel",
    "Zephyr Grid",
    "Amberline Insurance",
    "Bluebell Learning",
    "Cinder & Sage",
    "Driftwood Media",
    "Ember Mobility",
    "Foxglove Retail",
    "Glasshouse Labs",
    "Hollowpine Energy",
    "Indigo Ledger",
    "Jetstream Freight",
    "Kiln Studio",
    "Lumen Atlas",
    "Mosaic Civic",
    "Northgate Savings",
    "Opal Circuit",
    "Puffin Maps",
    "Quarry Cloud",
    "Rookery Health",
    "Silverfin Capital",
    "Thistle Works",
    "Upland Agritech",
    "Vireo Networks",
    "Wavecrest Telecom",
    "Alder & Finch",
    "Basalt Compute",
    "Copperleaf Finance",
    "Dovetail Commerce",
    "Estuary Labs",
    "Fjordline Analytics",
    "Gullwing Motors",
    "Heron Point Software",
    "Inkwell Publishing",
    "Jadeite Pharma",
    "Kelpwise",
    "Larkspur Civic Tech",
    "Moonrake Studios",
    "Nettle Street",
)

INTERVIEWERS: tuple[str, ...] = (
    "Amara Okafor",
    "Hiroshi Tanaka",
    "Priya Raman",
    "Mateo Alvarez",
    "Sofia Lindqvist",
    "Kwame Mensah",
    "Li Wei",
    "Fatima Al-Sayed",
    "Dmitri Volkov",
    "Aisha Bello",
    "Noah Fischer",
    "Camila Reyes",
    "Tariq Haddad",
    "Ingrid Halvorsen",
    "Rahul Mehta",
    "Yuki Nakamura",
    "Chloé Dubois",
    "Oluwaseun Adeyemi",
    "Marta Kowalska",
    "Diego Santos",
    "Hannah Goldberg",
    "Samir Qureshi",
    "Elena Petrova",
    "Jamal Washington",
    "Mei Chen",
    "Lucas Oliveira",
    "Zainab Yusuf",
    "Finn O'Connor",
    "Anjali Nair",
    "Tomás Herrera",
    "Grace Kim",
    "Omar Farouk",
    "Leilani Kahale",
    "Sven Eriksson",
    "Nadia Rahman",
    "Kofi Boateng",
    "Isabel Moreno",
    "Arjun Patel",
    "Beatriz Costa",
    "Ravi Krishnan",
)

_THEME_ROLES: dict[str, tuple[str, ...]] = {
    "system_design": ("Senior Backend Engineer", "Staff Engineer", "Platform Engineer"),
    "testing": ("Software Engineer", "Software Engineer in Test", "Full-Stack Engineer"),
    "communication": ("Engineering Manager", "Technical Lead", "Solutions Engineer"),
    "clarifying_questions": ("Product Engineer", "Software Engineer", "Full-Stack Engineer"),
    "behavioral_examples": ("Engineering Manager", "Staff Engineer", "Technical Lead"),
    "sql_data_modeling": ("Data Engineer", "Analytics Engineer", "Senior Backend Engineer"),
    "coding_fluency": ("Software Engineer", "Backend Engineer", "Mobile Engineer (iOS)"),
    "accessibility": ("Frontend Engineer", "Senior Frontend Engineer", "Design Systems Engineer"),
    "incident_response": ("Site Reliability Engineer", "DevOps Engineer", "Platform Engineer"),
}
ROLES: tuple[str, ...] = tuple(
    dict.fromkeys(role for roles in _THEME_ROLES.values() for role in roles)
)

# --------------------------------------------------------------------------------------
# Feedback pools. Per theme: "email" (addressed to the candidate), "scorecard" (terse
# interviewer notes), "self" (the candidate's own notes), "es" and "de" (emails).
# Every entry is exactly one sentence; no entry appears twice anywhere in this module.
# --------------------------------------------------------------------------------------

_FEEDBACK: dict[str, dict[str, tuple[str, ...]]] = {
    "system_design": {
        "email": (
            "The system design discussion stayed fairly high level, and we didn't get a clear "
            "picture of how the service would behave as traffic grew tenfold.",
            "We were hoping to hear more about the trade-offs between consistency and "
            "availability when you sketched the replication layer.",
            "Your architecture diagram was tidy, but the panel felt it skipped over where the "
            "bottlenecks would appear under real load.",
            "When we asked how the feed would scale past a single database, the answer leaned on "
            "adding caches without discussing invalidation.",
            "The interviewers would have liked a rough capacity estimate before you picked "
            "components for the design.",
            "In the design round, the data flow between services was left somewhat ambiguous, "
            "particularly around failure handling.",
            "It seemed like the design was anchored on one approach early on, and alternatives "
            "like a queue-based pipeline never came up.",
            "While your component choices were reasonable, we didn't hear much about "
            "partitioning, hot keys or what happens when a node goes down.",
            "The team felt the large-scale design work expected at the senior level wasn't fully "
            "demonstrated in the architecture interview.",
            "We'd encourage you to go deeper on distributed systems fundamentals such as "
            "sharding, replication and backpressure.",
            "You clearly know the building blocks, but stitching them into an end-to-end design "
            "for the notification system took a lot of prompting.",
            "Some of the panel noted that the rate limiter design would not hold up across "
            "multiple regions.",
            "The discussion of storage choices was thin; it wasn't clear why a single relational "
            "primary could absorb the write volume we described.",
            "We felt there may be room to grow in reasoning about latency budgets and where to "
            "place caches in the request path.",
            "The whiteboard design covered the happy path well, though scaling and fault "
            "tolerance were mostly left for the last few minutes.",
            "Feedback from the architecture session was that the proposal would struggle once "
            "the dataset no longer fit on one machine.",
            "It would have strengthened your candidacy to walk through how the system degrades "
            "gracefully when a downstream dependency is slow.",
            "Our bar for this role includes owning the design of services end to end, and the "
            "design interview didn't quite get us there.",
            "The interviewer mentioned that load balancing and horizontal scaling came up only "
            "after several hints.",
            "We liked your instinct to start simple, yet the design never evolved past a single "
            "server even when we raised the traffic numbers.",
        ),
        "scorecard": (
            "System design: shallow, no discussion of scaling or failure modes.",
            "Could not articulate trade-offs between synchronous calls and an event-driven "
            "approach.",
            "Design stayed at box-and-arrow level; missed caching, sharding and back-pressure "
            "entirely.",
            "Weak on distributed systems; single point of failure in the proposed architecture "
            "went unnoticed.",
            "Architecture round below bar for senior, needed heavy guidance to reach a scalable "
            "design.",
        ),
        "self": (
            "I spent too long on the API and never got to how the system would scale.",
            "Note to self: I froze when they asked what happens if the cache cluster goes down.",
            "My design had a single database for everything and they kept poking at that.",
            "I need to practise back-of-the-envelope capacity estimates before the next "
            "architecture round.",
            "Looking back, I never talked about trade-offs, I just picked technologies I knew.",
        ),
        "es": (
            "La entrevista de diseño de sistemas se quedó en un nivel muy general y no quedó "
            "claro cómo escalaría el servicio.",
            "Nos habría gustado escuchar más sobre los compromisos entre consistencia y "
            "disponibilidad en tu arquitectura.",
            "Tu propuesta de arquitectura no contemplaba qué ocurre cuando falla un nodo o crece "
            "mucho el tráfico.",
            "El equipo echó en falta profundidad en particionado, cachés y cuellos de botella "
            "del diseño.",
        ),
        "de": (
            "Das Systemdesign-Gespräch blieb sehr allgemein, und es wurde nicht klar, wie der "
            "Dienst skalieren würde.",
            "Wir hätten gerne mehr über die Abwägung zwischen Konsistenz und Verfügbarkeit in "
            "Ihrer Architektur gehört.",
            "Ihr Entwurf berücksichtigte nicht, was bei einem Knotenausfall oder stark steigender "
            "Last passiert.",
            "Dem Panel fehlte Tiefe bei Partitionierung, Caching und möglichen Engpässen.",
        ),
    },
    "testing": {
        "email": (
            "Your solution worked for the examples we gave, but we didn't see any tests or "
            "discussion of how you'd verify it.",
            "The take-home was well organised, although the test suite only covered the happy "
            "path.",
            "We would have liked to see you think about edge cases such as empty input or "
            "duplicate keys before declaring the code done.",
            "The panel noted that testing came up only when prompted, and the plan for it was "
            "fairly thin.",
            "There were no unit tests in the submission, which made it hard for the reviewers to "
            "trust the refactoring.",
            "When asked how you would test the payment flow, the answer focused on manual "
            "clicking rather than automated checks.",
            "We felt the test strategy lacked a distinction between unit, integration and "
            "end-to-end coverage.",
            "Some of your tests asserted on implementation details, so they would break with any "
            "refactor without catching real bugs.",
            "Heavy mocking in the tests meant the interesting behaviour of the service was never "
            "actually exercised.",
            "It wasn't clear how you would catch regressions in this code once it was in "
            "production.",
            "We value a test-first mindset on this team, and that didn't come through during the "
            "pairing session.",
            "Your code was readable, but the reviewers flagged that boundary conditions were "
            "left untested.",
            "The interviewer would have liked to hear how you'd build confidence in the change "
            "before shipping it.",
            "Test coverage in the exercise was minimal, with the two included tests both failing "
            "on a clean checkout.",
            "We hoped you would write a few quick assertions to check your function rather than "
            "reasoning about it only in your head.",
            "The discussion of flaky tests and how to stabilise a slow CI pipeline stayed quite "
            "general.",
            "Quality is a big part of this role, and the approach to verifying correctness felt "
            "like an afterthought.",
            "You mentioned you usually rely on QA to find bugs, which is a different expectation "
            "from how our engineers work.",
            "A couple of off-by-one errors slipped through that a simple test case would have "
            "caught.",
            "The reviewers appreciated the clean structure, though they expected table-driven "
            "or property-based tests for the parser.",
        ),
        "scorecard": (
            "No tests written; did not mention testing until asked.",
            "Testing: only happy-path cases, missed null and empty inputs.",
            "Could not describe how to test code that talks to an external API.",
            "Submission lacked automated tests; CI config present but unused.",
            "Verification approach was ad hoc, ran the code once and moved on.",
        ),
        "self": (
            "I forgot to write a single test in the take-home, which was probably the main issue.",
            "They asked how I'd test it and I basically said I'd try it manually.",
            "Need to get in the habit of walking through edge cases out loud before saying I'm "
            "done.",
            "My tests mocked everything, and the interviewer pointed out they didn't test "
            "anything real.",
            "I should have added tests for the error paths instead of polishing the UI.",
        ),
        "es": (
            "Tu solución funcionaba, pero no incluía pruebas automatizadas ni un plan para "
            "verificarla.",
            "Las pruebas de la tarea solo cubrían el caso feliz y dejaban fuera los casos límite.",
            "Cuando te preguntamos cómo probarías el flujo de pagos, la respuesta se centró en "
            "pruebas manuales.",
            "Nos habría gustado ver una estrategia de pruebas más clara, con pruebas unitarias y "
            "de integración.",
        ),
        "de": (
            "Ihre Lösung hat funktioniert, aber es gab keine automatisierten Tests und keinen "
            "Plan zur Überprüfung.",
            "Die Tests in der Aufgabe deckten nur den Normalfall ab und ließen Randfälle außen "
            "vor.",
            "Auf die Frage, wie Sie den Bezahlvorgang testen würden, nannten Sie vor allem "
            "manuelle Tests.",
            "Wir hätten uns eine klarere Teststrategie mit Unit- und Integrationstests gewünscht.",
        ),
    },
    "communication": {
        "email": (
            "Technically you were strong, but the panel sometimes found it hard to follow your "
            "reasoning as you worked.",
            "We'd encourage you to think out loud more, since long stretches of silence made it "
            "difficult to assess your approach.",
            "Some answers ran long and lost the main point, so the interviewers had trouble "
            "pulling out the key decision.",
            "The explanation of your past project was heavy on jargon and light on the why, "
            "which made it hard for non-specialists on the panel to engage.",
            "We felt your ideas were good but they weren't always communicated in a structured "
            "way.",
            "The hiring manager mentioned that it was hard to get concise answers to direct "
            "questions.",
            "Explaining your design to the product manager on the panel seemed to be a "
            "challenge, particularly when translating technical constraints into user impact.",
            "It would help to summarise your approach up front before diving into the details.",
            "The interviewers noted that you tended to talk over follow-up questions rather than "
            "pausing to check understanding.",
            "While your written take-home notes were clear, the verbal walkthrough felt "
            "disorganised.",
            "At this level we need engineers who can present their work to leadership, and that "
            "clarity didn't quite come through.",
            "Several panellists said they were unsure what you had concluded at the end of the "
            "discussion.",
            "Your answers were correct, though you moved between topics quickly enough that the "
            "thread was easy to lose.",
            "We'd have liked clearer narration while you coded so we could understand the "
            "choices you were making.",
            "The presentation portion was rushed, and the key points were buried in the last "
            "slide.",
            "There were moments where the conversation felt one-directional, and the interviewer "
            "struggled to steer it.",
            "The panel felt you could do more to tailor the level of detail to your audience.",
            "It was sometimes difficult to tell whether you agreed with the interviewer's "
            "suggestion or were simply moving on.",
            "Your enthusiasm was great to see; channelling it into shorter, more focused answers "
            "would make a real difference.",
            "The walkthrough of the migration kept jumping between low-level details and "
            "high-level goals, which made it hard to follow.",
        ),
        "scorecard": (
            "Communication: rambling, hard to follow, didn't summarise.",
            "Long silences while coding; had to prompt repeatedly for narration.",
            "Answers were unfocused and overly long.",
            "Struggled to explain the approach in plain language to a non-technical interviewer.",
            "Good ideas but poorly structured delivery; conclusions unclear.",
        ),
        "self": (
            "I talked way too much in the hiring manager chat and never got to the point.",
            "I went quiet for minutes while coding, should narrate what I'm thinking.",
            "Explaining my last project to the PM was a mess, too much jargon.",
            "Feedback made me realise I need to lead with the answer, then the details.",
            "I kept interrupting the interviewer, need to slow down and listen.",
        ),
        "es": (
            "Técnicamente fuiste sólido, pero al panel le costó seguir tu razonamiento mientras "
            "trabajabas.",
            "Algunas respuestas fueron demasiado largas y se perdía la idea principal.",
            "Te animamos a pensar en voz alta, porque los silencios largos dificultaron evaluar "
            "tu enfoque.",
            "La explicación de tu proyecto tenía mucha jerga y poca estructura para un público "
            "no técnico.",
        ),
        "de": (
            "Fachlich waren Sie stark, aber es war oft schwer, Ihren Gedankengängen zu folgen.",
            "Einige Antworten waren sehr lang, sodass die Kernaussage verloren ging.",
            "Wir empfehlen, mehr laut zu denken, da lange Pausen die Bewertung erschwert haben.",
            "Die Erklärung Ihres Projekts war voller Fachjargon und wenig strukturiert.",
        ),
    },
    "clarifying_questions": {
        "email": (
            "You jumped into coding quickly, and we would have liked to see you ask about the "
            "input constraints first.",
            "The panel noticed that assumptions about the data were made without checking them "
            "with the interviewer.",
            "A few minutes spent on requirements at the start would have avoided the rework "
            "later in the session.",
            "We intentionally left the problem vague, and were hoping you'd probe for scope "
            "before proposing a solution.",
            "It wasn't clear whether you had understood the actual use case, since no questions "
            "were asked about who the users were.",
            "Your solution solved a slightly different problem from the one we had in mind, "
            "which a quick check early on would have caught.",
            "The interviewer felt you could have explored the ambiguity in the prompt rather "
            "than picking the first interpretation.",
            "We look for engineers who pin down requirements before building, and that step was "
            "largely skipped.",
            "Even in the design round, you settled on an approach without asking what scale or "
            "latency the product actually needed.",
            "It would have been good to confirm the expected output format before writing the "
            "parser.",
            "When the prompt said the file was large, we hoped you'd ask how large, rather than "
            "assuming it would fit in memory.",
            "The team appreciated your speed, though some of it came from skipping the discovery "
            "phase entirely.",
            "We felt more curiosity about the business context would have led to a stronger "
            "answer.",
            "Questions about constraints and non-functional requirements only came up after the "
            "interviewer hinted at them.",
            "Taking a moment to restate the problem in your own words would have surfaced the "
            "misunderstanding sooner.",
            "The product sense interview showed a tendency to propose features before "
            "understanding the customer's actual pain point.",
            "We'd encourage you to treat the opening minutes as a chance to gather requirements "
            "rather than to start solving.",
            "Your approach assumed sorted input, which wasn't stated, and no check was made to "
            "confirm it.",
            "The reviewers felt the candidate-led scoping part of the exercise was underused.",
            "A stronger answer would have started by asking what success looks like for this "
            "feature.",
        ),
        "scorecard": (
            "Did not ask clarifying questions; dove straight into implementation.",
            "Made unstated assumptions about input size and ordering.",
            "Never confirmed requirements; solved the wrong variant of the problem.",
            "Scoping: weak, accepted ambiguous prompt at face value.",
            "No questions about users, scale or constraints before designing.",
        ),
        "self": (
            "I started coding right away without asking a single question about the input.",
            "Turns out they wanted me to ask about the requirements first, and I just assumed.",
            "Next time: repeat the problem back and ask about constraints before touching the "
            "keyboard.",
            "I assumed the list fit in memory and the interviewer clearly expected me to ask.",
            "I didn't ask who the feature was for, so my whole answer missed the point.",
        ),
        "es": (
            "Empezaste a programar muy rápido y esperábamos que preguntaras antes por las "
            "restricciones del problema.",
            "Asumiste varias cosas sobre los datos sin confirmarlas con el entrevistador.",
            "El enunciado era ambiguo a propósito y queríamos que aclararas el alcance antes de "
            "proponer una solución.",
            "Unas preguntas sobre los requisitos al principio habrían evitado rehacer parte del "
            "trabajo.",
        ),
        "de": (
            "Sie haben sehr schnell mit dem Programmieren begonnen, ohne nach den "
            "Rahmenbedingungen zu fragen.",
            "Annahmen über die Daten wurden getroffen, ohne sie mit dem Interviewer abzustimmen.",
            "Die Aufgabe war bewusst offen formuliert, und wir hatten gehofft, dass Sie den "
            "Umfang zuerst klären.",
            "Ein paar Rückfragen zu den Anforderungen am Anfang hätten spätere Umwege vermieden.",
        ),
    },
    "behavioral_examples": {
        "email": (
            "In the behavioural interview, your answers tended to stay general, and we were "
            "looking for specific situations you had handled.",
            "We'd have liked more concrete examples with a clear outcome when discussing "
            "conflict within your team.",
            "Several of your stories described what the team did, and it was hard to tell what "
            "your own contribution was.",
            "The hiring manager felt the examples lacked measurable impact, such as numbers or "
            "results.",
            "When asked about a time you failed, the answer stayed hypothetical rather than "
            "drawing on a real experience.",
            "It can help to structure answers around the situation, your actions and the "
            "result, since some of the detail got lost.",
            "The leadership principles round didn't surface enough evidence of you driving an "
            "initiative yourself.",
            "Your examples were drawn mostly from early in your career, and we wanted to hear "
            "about recent, senior-level work.",
            "We struggled to get a clear example of disagreeing with a stakeholder and how it "
            "was resolved.",
            "The panel appreciated your honesty, though the stories about mentoring were too "
            "brief to assess.",
            "Your answer about handling a missed deadline described the problem well but never "
            "reached what happened in the end.",
            "We felt the ownership examples were thin for a staff-level role.",
            "Some responses described how you would handle a situation instead of how you "
            "actually did.",
            "We were hoping for more depth on a project you led from start to finish, including "
            "the hard parts.",
            "The values interview left the panel without a strong sense of how you handle "
            "feedback, as no real example came up.",
            "Preparing a few well-rehearsed stories about influence without authority would "
            "strengthen future interviews.",
            "It was clear you have relevant experience, but the examples you chose didn't map "
            "well to the questions asked.",
            "Responses leaned on 'we' throughout, so we couldn't attribute decisions or results "
            "to you.",
            "Our behavioural bar looks for evidence of impact beyond your immediate team, which "
            "we didn't quite see.",
            "The culture interview ran short on specifics, so it was hard to build a case with "
            "the hiring committee.",
        ),
        "scorecard": (
            "Behavioural: vague, no STAR structure, no metrics.",
            "Examples were hypothetical; could not give a real conflict story.",
            "Used 'we' throughout, unclear personal contribution.",
            "Weak evidence of ownership or leadership at the expected level.",
            "Stories lacked outcomes; impact not quantified.",
        ),
        "self": (
            "I blanked on the 'tell me about a conflict' question and gave a generic answer.",
            "I need better stories ready, with numbers, for the hiring manager rounds.",
            "I kept saying 'we' and the interviewer asked twice what I personally did.",
            "My failure story didn't have an ending, I never said what I learned.",
            "Prepare three solid leadership examples before the next behavioural interview.",
        ),
        "es": (
            "En la entrevista de comportamiento tus respuestas fueron generales y buscábamos "
            "ejemplos concretos.",
            "Nos costó entender cuál fue tu aportación personal, ya que hablabas siempre del "
            "equipo.",
            "Faltaron resultados medibles en los ejemplos que compartiste.",
            "Cuando preguntamos por un conflicto real, la respuesta se quedó en lo hipotético.",
        ),
        "de": (
            "Im verhaltensbasierten Interview blieben Ihre Antworten allgemein, wir suchten "
            "konkrete Beispiele.",
            "Es war schwer zu erkennen, was Ihr persönlicher Beitrag war, da Sie meist vom Team "
            "sprachen.",
            "In Ihren Beispielen fehlten messbare Ergebnisse.",
            "Bei der Frage nach einem echten Konflikt blieb die Antwort hypothetisch.",
        ),
    },
    "sql_data_modeling": {
        "email": (
            "The SQL exercise showed some gaps, particularly around joins across more than two "
            "tables.",
            "Your schema design stored the order items as a comma-separated column, which would "
            "be hard to query and maintain.",
            "We were hoping to see window functions used for the running totals instead of the "
            "nested subqueries.",
            "The data model didn't account for a customer having multiple addresses, which came "
            "up quickly in the follow-up.",
            "When asked why the query was slow, indexing didn't come up as a possible cause.",
            "The interviewer felt the normalisation trade-offs in your schema weren't fully "
            "reasoned through.",
            "Your query returned duplicate rows because of the join, and it took a while to spot "
            "why.",
            "We'd encourage brushing up on GROUP BY and HAVING, as the aggregation questions "
            "caused some difficulty.",
            "The analytics round needed a star schema for reporting, and the proposed model "
            "mixed facts and dimensions together.",
            "Reading the execution plan was a part of the exercise where we expected more "
            "comfort for a data role.",
            "Handling of NULLs in the comparisons led to rows silently going missing from the "
            "result.",
            "Your modelling of the many-to-many relationship between students and courses "
            "skipped the join table.",
            "While you were fluent in the ORM, writing raw SQL without it seemed less familiar.",
            "The panel noted that slowly changing dimensions and history tracking were not "
            "considered in the warehouse design.",
            "We expected a discussion of primary and foreign keys when you laid out the tables, "
            "but constraints were left out.",
            "The query was logically right but scanned the full table where a composite index "
            "would have helped.",
            "The schema you proposed would have made the most common query in the product "
            "require five joins.",
            "Transactions and isolation levels came up in the database discussion, and the "
            "answers were a bit uncertain.",
            "It was a solid first pass, yet the LEFT JOIN versus INNER JOIN distinction tripped "
            "you up on the second question.",
            "The data modelling portion felt rushed, with entity relationships changing several "
            "times mid-exercise.",
        ),
        "scorecard": (
            "SQL: struggled with multi-table joins and aggregation.",
            "Schema not normalised; duplicated customer data across tables.",
            "Did not know window functions; used correlated subqueries instead.",
            "No indexes proposed; could not explain the query plan.",
            "Data model missing key relationships, no foreign keys.",
        ),
        "self": (
            "I totally blanked on window functions in the SQL round.",
            "My schema had the same data in three places and they noticed right away.",
            "I need to review indexes and how to read EXPLAIN output.",
            "Mixed up LEFT and INNER joins under pressure, got duplicate rows.",
            "The data modelling question about bookings and rooms took me way too long.",
        ),
        "es": (
            "En el ejercicio de SQL hubo dificultades con las uniones entre varias tablas.",
            "El modelo de datos que propusiste no estaba normalizado y duplicaba información de "
            "clientes.",
            "Esperábamos que usaras funciones de ventana en lugar de subconsultas anidadas.",
            "No mencionaste los índices cuando te preguntamos por qué la consulta era lenta.",
        ),
        "de": (
            "Bei der SQL-Aufgabe gab es Schwierigkeiten mit Joins über mehrere Tabellen.",
            "Ihr Datenmodell war nicht normalisiert und speicherte Kundendaten mehrfach.",
            "Wir hatten erwartet, dass Sie Fensterfunktionen statt verschachtelter "
            "Unterabfragen verwenden.",
            "Indizes kamen nicht zur Sprache, als wir nach der langsamen Abfrage fragten.",
        ),
    },
    "coding_fluency": {
        "email": (
            "In the coding round, you got to a working idea but translating it into code took "
            "longer than we expected.",
            "The interviewer noticed some hesitation with basic language features, like "
            "iterating over a dictionary.",
            "We ran out of time before the solution compiled, which made it hard to evaluate the "
            "rest.",
            "Your algorithmic thinking was good, but implementation speed was below what the "
            "role requires.",
            "You relied on the interviewer for syntax a number of times during the live coding "
            "session.",
            "The code worked in the end, though it took several attempts to get the loop "
            "boundaries right.",
            "We felt you weren't yet comfortable in the language you chose, as standard library "
            "functions were often reimplemented by hand.",
            "The pairing exercise moved slowly, and the second part of the problem wasn't reached.",
            "Debugging the compiler errors consumed much of the session.",
            "It would help to practise timed coding problems so the implementation flows more "
            "naturally.",
            "The solution was correct in outline, but the code itself was hard to read, with "
            "long functions and unclear variable names.",
            "The panel felt hands-on coding may be a bit rusty given your recent focus on "
            "management work.",
            "Recursion and basic data structures like heaps seemed less familiar than we'd "
            "expect at this level.",
            "We liked how you talked through the approach; the actual implementation, though, "
            "stalled at a few points on simple mechanics.",
            "The take-home functioned, but it read like code written in an unfamiliar language, "
            "with few idiomatic patterns.",
            "Getting from pseudocode to running code was where the interview lost momentum.",
            "The reviewers expected cleaner handling of string manipulation, which took several "
            "rewrites.",
            "Only one of the three exercises was completed within the hour.",
            "You seemed more at home describing code than writing it, and the live session "
            "reflected that.",
            "Some basic operations, like reversing a linked list, needed more prompting than "
            "we'd hoped.",
        ),
        "scorecard": (
            "Coding: slow, needed syntax help, did not finish.",
            "Unfamiliar with standard library; wrote helpers that already exist.",
            "Implementation stalled repeatedly on basic loops and indexing.",
            "Solution incomplete at time; code not runnable.",
            "Not fluent in chosen language; many false starts.",
        ),
        "self": (
            "I knew the algorithm but kept fumbling the Python syntax.",
            "Ran out of time on the coding problem, only finished part one.",
            "Haven't coded under a timer in ages and it showed.",
            "Forgot how to sort a dict by value during the live session, embarrassing.",
            "Practise more timed mediums in the language I'll actually interview in.",
        ),
        "es": (
            "Tenías buena idea del algoritmo, pero llevarlo a código te costó más de lo esperado.",
            "Necesitaste ayuda con la sintaxis básica del lenguaje varias veces durante la sesión.",
            "Se acabó el tiempo antes de que la solución funcionara.",
            "Notamos poca soltura con la biblioteca estándar del lenguaje que elegiste.",
        ),
        "de": (
            "Die Idee für den Algorithmus war gut, aber die Umsetzung in Code hat länger "
            "gedauert als erwartet.",
            "Sie brauchten während der Live-Coding-Session mehrfach Hilfe bei der grundlegenden "
            "Syntax.",
            "Die Zeit lief ab, bevor die Lösung lauffähig war.",
            "Mit der Standardbibliothek der gewählten Sprache wirkten Sie wenig vertraut.",
        ),
    },
    "accessibility": {
        "email": (
            "The component you built looked polished, but it couldn't be operated with the "
            "keyboard alone.",
            "We didn't hear any mention of screen reader support when discussing the modal dialog.",
            "Accessibility is a core requirement for our product, and it didn't come up in your "
            "approach to the form.",
            "The custom dropdown lacked the ARIA roles and states that assistive technology "
            "relies on.",
            "Several of the buttons in the take-home were built from div elements with click "
            "handlers, so they weren't focusable.",
            "The colour contrast in your design fell below WCAG guidelines for body text.",
            "We'd encourage you to get familiar with semantic HTML, since headings and landmarks "
            "were missing from the page structure.",
            "When asked how a blind user would complete checkout, the answer was fairly uncertain.",
            "Focus management after opening and closing the dialog wasn't handled, which leaves "
            "keyboard users stranded.",
            "Images in the submission had no alternative text, and form inputs had no "
            "associated labels.",
            "The panel felt inclusive design considerations were treated as a nice-to-have "
            "rather than part of the definition of done.",
            "Your animations had no reduced-motion option, which matters for users with "
            "vestibular disorders.",
            "We'd have liked to hear how you check for accessibility, whether with automated "
            "tools or a screen reader.",
            "The frontend work was strong overall, though error messages were conveyed by colour "
            "alone.",
            "Our design system team works closely with accessibility specialists, and "
            "experience with WCAG 2.2 was a gap.",
            "The tab order on the settings page jumped around unpredictably.",
            "Dynamic updates to the list weren't announced to assistive technology, as no live "
            "region was used.",
            "While your React skills are clear, the interactive widgets would not pass a basic "
            "accessibility audit.",
            "The hiring manager mentioned that accessibility requirements for public sector "
            "clients are central to this role, and this area felt unfamiliar to you.",
            "Touch targets in the mobile layout were small enough to be hard to use for people "
            "with motor impairments.",
        ),
        "scorecard": (
            "A11y: keyboard support, ARIA and visible focus states all missing.",
            "Unaware of WCAG contrast requirements.",
            "Used non-semantic markup throughout; screen reader experience broken.",
            "Did not consider accessibility until prompted.",
            "Form fields missing labels; errors indicated by colour only.",
        ),
        "self": (
            "They asked about accessibility and I had nothing beyond alt text.",
            "Need to learn ARIA properly, the dropdown question exposed that.",
            "I built the modal without thinking about keyboard focus at all.",
            "Should actually try using a screen reader before my next frontend interview.",
            "Didn't know the WCAG contrast ratios off the top of my head.",
        ),
        "es": (
            "El componente que construiste no se podía usar solo con el teclado.",
            "No mencionaste la compatibilidad con lectores de pantalla al hablar del diálogo "
            "modal.",
            "Los controles personalizados no tenían los roles ARIA necesarios.",
            "El contraste de colores de tu diseño no cumplía las pautas de accesibilidad WCAG.",
        ),
        "de": (
            "Die von Ihnen gebaute Komponente ließ sich nicht allein mit der Tastatur bedienen.",
            "Screenreader-Unterstützung wurde beim modalen Dialog nicht erwähnt.",
            "Den eigenen Steuerelementen fehlten die nötigen ARIA-Rollen.",
            "Der Farbkontrast in Ihrem Entwurf erfüllte die Barrierefreiheitsrichtlinien nach "
            "WCAG nicht.",
        ),
    },
    "incident_response": {
        "email": (
            "In the on-call scenario, the first steps focused on finding the root cause rather "
            "than mitigating impact for users.",
            "We'd have liked to hear about rolling back the deploy as an early option when "
            "errors spiked.",
            "The incident simulation showed some uncertainty about who to communicate with and "
            "when during an outage.",
            "Your answers about production support suggested limited experience carrying a pager.",
            "When the dashboards showed rising latency, the triage approach jumped between "
            "hypotheses without narrowing them down.",
            "The panel expected more familiarity with writing blameless postmortems and "
            "following up on action items.",
            "We felt the approach to prioritising alerts during a major outage was not yet at "
            "the level this SRE role requires.",
            "Escalation paths and incident command roles didn't come up when we walked through "
            "the database failover scenario.",
            "The troubleshooting exercise took a while to get to the logs and metrics that would "
            "have pinpointed the failing dependency.",
            "Our team runs a demanding on-call rotation, and the conversation left some doubt "
            "about how you'd handle a 3am page.",
            "You described a past outage well, but it wasn't clear what you changed afterwards "
            "to prevent it from recurring.",
            "Status page updates and customer communication during the incident weren't mentioned.",
            "We'd encourage building familiarity with runbooks and feature flags as tools for "
            "reducing blast radius.",
            "In the game day exercise, you tried to fix the bug live in production instead of "
            "stabilising the system first.",
            "The reliability discussion stayed theoretical, with few examples of responding to "
            "real incidents.",
            "It was hard to see a systematic method for isolating whether the problem was in the "
            "network, the application or the database.",
            "The interviewer noted that SLOs and error budgets weren't part of your answer on "
            "deciding when to page someone.",
            "While your debugging instincts are good, coordinating several responders during an "
            "incident seemed unfamiliar.",
            "A stronger answer would have declared an incident early and assigned roles instead "
            "of investigating alone.",
            "The post-incident review you described focused on individual mistakes rather than "
            "systemic causes.",
        ),
        "scorecard": (
            "Incident response: no mitigation-first mindset; went straight to root cause.",
            "No mention of rollback or feature flags during outage scenario.",
            "Limited on-call experience; unfamiliar with postmortem process.",
            "Triage unstructured; did not check recent deploys or dashboards first.",
            "Did not communicate status or escalate during simulated outage.",
        ),
        "self": (
            "The outage scenario went badly, I never thought to roll back first.",
            "I have barely done on-call and it showed in the incident questions.",
            "Forgot to mention communicating with stakeholders during the outage drill.",
            "Need to read up on how to run a proper postmortem.",
            "They wanted incident commander thinking and I just kept debugging on my own.",
        ),
        "es": (
            "En el escenario de guardia te centraste en la causa raíz en lugar de mitigar "
            "primero el impacto.",
            "Nos habría gustado que propusieras revertir el despliegue cuando aumentaron los "
            "errores.",
            "No quedó claro cómo comunicarías el estado a otros equipos durante una caída del "
            "servicio.",
            "Tu experiencia con análisis posteriores a incidentes y guardias parecía limitada "
            "para este puesto.",
        ),
        "de": (
            "Im Bereitschaftsszenario haben Sie nach der Ursache gesucht, statt zuerst die "
            "Auswirkungen zu begrenzen.",
            "Wir hätten gerne gehört, dass Sie das Deployment zurückrollen, als die Fehlerrate "
            "stieg.",
            "Es blieb unklar, wie Sie während eines Ausfalls mit anderen Teams kommunizieren "
            "würden.",
            "Ihre Erfahrung mit Rufbereitschaft und Nachbetrachtungen von Störungen wirkte für "
            "diese Rolle begrenzt.",
        ),
    },
}

# Rejection language per kind: "email" (pure boilerplate records and email closings)
# and "note" (what a candidate writes down in a self-note).
_BOILERPLATE: dict[str, dict[str, tuple[str, ...]]] = {
    "other_candidates": {
        "email": (
            "We've decided to move forward with other candidates.",
            "After careful consideration, we have decided to pursue other candidates whose "
            "experience more closely matches our current needs.",
            "Unfortunately, we will not be moving forward with your application at this time.",
            "The team has chosen to proceed with another candidate for this position.",
            "We received a large number of strong applications and have selected candidates "
            "whose backgrounds are a closer fit.",
            "After reviewing all of the finalists, we've decided to extend an offer to another "
            "applicant.",
            "While we were impressed with your background, we have decided not to move forward.",
            "We regret to inform you that we will be continuing the process with other applicants.",
            "This was a difficult decision, and ultimately we went with a candidate whose "
            "profile aligned more closely with the role.",
            "We have chosen to move ahead with other people in our pipeline.",
            "Unfortunately, you have not been selected to continue to the next stage.",
            "The hiring team has decided to pursue other applicants for this opening.",
        ),
        "note": (
            "Recruiter said they went with another candidate.",
            "Got the standard 'other candidates' email a day later.",
            "Heard back that they picked someone else.",
        ),
    },
    "role_filled": {
        "email": (
            "The position has now been filled.",
            "We wanted to let you know that we have filled the role you applied for.",
            "An offer for this position has been accepted, so the role is no longer available.",
            "We have since hired for this position and are closing the search.",
            "The opening you interviewed for was filled earlier this week.",
            "Unfortunately, the role has been filled by another applicant.",
            "We've completed hiring for this position.",
            "The team has made a hire for this role, so we won't be scheduling further interviews.",
            "Please note that the vacancy has been filled and the posting will be removed shortly.",
            "Our search for this role concluded with an accepted offer.",
            "As the position has been filled, we're unable to continue your candidacy.",
            "We are writing to let you know the role is no longer open because it has been filled.",
        ),
        "note": (
            "Recruiter told me the role was already filled.",
            "Apparently they filled the position before my final round was even scheduled.",
            "Turns out the job was filled last week.",
        ),
    },
    "role_closed": {
        "email": (
            "The company has decided to put this role on hold for now.",
            "Due to a change in business priorities, we have closed this position.",
            "Unfortunately, the requisition has been cancelled following a budget review.",
            "We've paused hiring for this team until next quarter.",
            "The role is on hold while the team's roadmap is re-evaluated.",
            "Following an internal reorganisation, this position will not be filled at this time.",
            "Because of a hiring freeze, we are unable to continue with the process.",
            "The headcount for this role was withdrawn, so we are closing the search.",
            "We have decided not to fill this position for the foreseeable future.",
            "Budget constraints mean we have to pause this search for now.",
            "The opening has been put on hold and we don't yet know when it will reopen.",
            "Our plans for this team have changed and the position has been closed.",
        ),
        "note": (
            "Recruiter said the role got put on hold.",
            "Hiring freeze, the whole req was cancelled.",
            "They closed the position after the reorg, nothing to do with me apparently.",
        ),
    },
    "internal_candidate": {
        "email": (
            "We have decided to fill this role with an internal candidate.",
            "The position has been offered to someone already on the team.",
            "After careful review, we chose to promote from within for this role.",
            "An internal applicant has accepted the position.",
            "We've decided to move forward with an internal transfer for this opening.",
            "The hiring manager has selected a current employee for the role.",
            "This position will be filled through an internal promotion.",
            "We ultimately went with a candidate from within the organisation.",
            "An existing team member was a strong fit and has been offered the role.",
            "Our policy gives preference to internal applicants, and one has been selected.",
            "The role was filled by a colleague moving over from another team.",
            "We decided to give this opportunity to an internal candidate who applied late in "
            "the process.",
        ),
        "note": (
            "They gave the job to someone internal.",
            "Recruiter hinted an internal person got it.",
            "Internal candidate got the offer, per the recruiter.",
        ),
    },
}

# Pleasantries. {company}, {role}, {stage} and {name} are filled in per record.
_GREETINGS: tuple[str, ...] = (
    f"Hi {CANDIDATE},",
    f"Hello {CANDIDATE},",
    f"Dear {CANDIDATE},",
    f"{CANDIDATE},",
    "Hi there,",
    "Dear Candidate,",
    f"Good afternoon {CANDIDATE},",
    f"Hey {CANDIDATE},",
)
_THANKS: tuple[str, ...] = (
    "Thank you for taking the time to interview for the {role} role at {company}.",
    "Thanks again for speaking with the team last week.",
    "We really appreciated the time you spent with us during the {stage}.",
    "Thank you for your interest in {company} and for the effort you put into the process.",
    "I wanted to follow up after your conversations with our interviewers.",
    "It was a pleasure getting to know you over the past few weeks.",
    "Thanks for your patience while we gathered input from the panel.",
    "We appreciate you taking the time to meet with us.",
    "Thank you for completing the {stage} with us.",
    "On behalf of the whole team, thank you for your time.",
    "Thanks so much for your interest in the {role} position.",
    "I'm reaching out with an update on your application to {company}.",
)
_WISHES: tuple[str, ...] = (
    "We wish you the best in your search.",
    "Best of luck with your job search.",
    "We'd be glad to hear from you again for future openings.",
    "Please don't hesitate to apply for other roles that match your background.",
    "We appreciate your understanding.",
    "We'll keep your details on file should a suitable role come up.",
    "Thanks again, and all the best.",
    "We hope our paths cross again.",
    "Wishing you every success in the next step of your career.",
    "We genuinely enjoyed meeting you.",
)
_SIGNOFFS: tuple[str, ...] = (
    "Best,\n{name}",
    "Kind regards,\n{name}\n{company} Talent Team",
    "Thanks,\n{name}",
    "Warmly,\n{name}",
    "All the best,\nThe {company} Recruiting Team",
    "Cheers,\n{name}",
    "Sincerely,\n{name}\nTechnical Recruiter, {company}",
    "Best regards,\n{name}",
)
_SCORECARD_OPENERS: tuple[str, ...] = (
    "Debrief notes:",
    "Scorecard summary:",
    "Interviewer: {name}",
    "{company}, {stage}:",
)
_SCORECARD_EXTRAS: tuple[str, ...] = (
    "Recommendation: no hire.",
    "Leaning no hire for this level.",
    "Would not advance to the next round.",
    "Otherwise pleasant and engaged.",
    "Good culture add, but not at the bar overall.",
    "Some strengths elsewhere, but not enough to offset this.",
)
_SELF_OPENERS: tuple[str, ...] = (
    "Notes after the {stage} with {company}:",
    "Debrief to self:",
    "Retro, {company}:",
)
_SELF_EXTRAS: tuple[str, ...] = (
    "Writing this down so I don't repeat it.",
    "The interviewer was friendly about it at least.",
    "Something to practise before the next loop.",
    "Not the end of the world, but worth fixing.",
)

# Spanish and German pleasantries and closings (tú in Spanish, Sie in German).
_FOREIGN: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        "greetings": (f"Hola {CANDIDATE},", f"Estimado {CANDIDATE},"),
        "thanks": (
            "Gracias por tu tiempo y por tu interés en el puesto de {role} en {company}.",
            "Te agradecemos mucho el tiempo dedicado al proceso de selección.",
            "Muchas gracias por participar en las entrevistas con nuestro equipo.",
        ),
        "wishes": (
            "Te deseamos mucho éxito en tu búsqueda.",
            "Esperamos coincidir contigo en el futuro.",
        ),
        "signoffs": ("Un saludo,\n{name}", "Saludos cordiales,\n{name}\nEquipo de {company}"),
        "other_candidates": (
            "Lamentablemente hemos decidido seguir adelante con otros candidatos.",
        ),
        "role_filled": ("Te informamos de que el puesto ya ha sido cubierto.",),
        "role_closed": ("Por el momento hemos pausado la contratación para este puesto.",),
        "internal_candidate": ("Finalmente hemos optado por un candidato interno.",),
    },
    "de": {
        "greetings": (f"Hallo {CANDIDATE},", f"Guten Tag {CANDIDATE},"),
        "thanks": (
            "Vielen Dank für Ihre Zeit und Ihr Interesse an der Position als {role} bei {company}.",
            "Herzlichen Dank für die Gespräche mit unserem Team.",
            "Wir bedanken uns für Ihre Teilnahme an unserem Auswahlverfahren.",
        ),
        "wishes": (
            "Wir wünschen Ihnen viel Erfolg bei Ihrer weiteren Suche.",
            "Für Ihre berufliche Zukunft wünschen wir Ihnen alles Gute.",
        ),
        "signoffs": ("Viele Grüße,\n{name}", "Mit freundlichen Grüßen,\n{name}\n{company}"),
        "other_candidates": ("Leider haben wir uns für andere Kandidaten entschieden.",),
        "role_filled": ("Die Stelle wurde inzwischen besetzt.",),
        "role_closed": ("Die Stelle wurde vorerst auf Eis gelegt.",),
        "internal_candidate": ("Wir haben uns letztlich für eine interne Besetzung entschieden.",),
    },
}

# Every record in a foreign language contains at least one of its feedback sentences.
_LANGUAGE_MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (lang, tuple(s for pools in _FEEDBACK.values() for s in pools[lang])) for lang in ("es", "de")
)


def language_of(record: PlantedRecord) -> str:
    """The language a planted record is written in: ``"es"``, ``"de"`` or ``"en"``."""
    for lang, markers in _LANGUAGE_MARKERS:
        if any(marker in record.text for marker in markers):
            return lang
    return "en"


# --------------------------------------------------------------------------------------
# Composition
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    company: str
    role: str
    stage: str
    interviewer: str

    def fill(self, template: str) -> str:
        return template.format(
            company=self.company,
            role=self.role,
            stage=_STAGE_NAMES[self.stage],
            name=self.interviewer,
        )


def _feedback(rng: random.Random, themes: Sequence[str], register: str) -> list[str]:
    """One sentence per theme, or two for a single theme about 30% of the time."""
    if len(themes) == 1:
        count = 2 if rng.random() < 0.3 else 1
        return rng.sample(_FEEDBACK[themes[0]][register], count)
    return [rng.choice(_FEEDBACK[theme][register]) for theme in themes]


def _email(rng: random.Random, ctx: _Context, themes: Sequence[str]) -> tuple[str, str | None]:
    """An English rejection email with feedback; returns (text, boilerplate kind)."""
    thanks = [ctx.fill(rng.choice(_THANKS))] if rng.random() < 0.7 else []
    feedback = _feedback(rng, themes, "email")
    kind = rng.choice(BOILERPLATE_KINDS) if rng.random() < 0.5 else None
    closing = [rng.choice(_BOILERPLATE[kind]["email"])] if kind else []
    wish = [rng.choice(_WISHES)] if rng.random() < 0.4 else []
    if len(thanks) + len(feedback) + len(closing) + len(wish) < 2:
        wish = [rng.choice(_WISHES)]
    if closing and rng.random() < 0.35:  # decision first, then the feedback
        paragraphs = [thanks + closing, feedback, wish]
    else:
        paragraphs = [thanks + feedback, closing + wish]
    return _layout(rng, ctx, _GREETINGS, paragraphs, _SIGNOFFS), kind


def _layout(
    rng: random.Random,
    ctx: _Context,
    greetings: Sequence[str],
    paragraphs: Sequence[list[str]],
    signoffs: Sequence[str],
) -> str:
    blocks: list[str] = []
    if rng.random() < 0.75:
        blocks.append(rng.choice(greetings))
    blocks.extend(" ".join(p) for p in paragraphs if p)
    if rng.random() < 0.8:
        blocks.append(ctx.fill(rng.choice(signoffs)))
    return "\n\n".join(blocks)


def _scorecard(rng: random.Random, ctx: _Context, themes: Sequence[str]) -> str:
    """Terse interviewer notes; no rejection boilerplate."""
    feedback = _feedback(rng, themes, "scorecard")
    extra = [rng.choice(_SCORECARD_EXTRAS)] if rng.random() < 0.6 or len(feedback) < 2 else []
    lines: list[str] = []
    if rng.random() < 0.5:
        lines.append(ctx.fill(rng.choice(_SCORECARD_OPENERS)))
    if rng.random() < 0.5:
        lines.extend(f"- {s}" for s in feedback)
    else:
        lines.append(" ".join(feedback))
    lines.extend(extra)
    return "\n".join(lines)


def _self_note(rng: random.Random, ctx: _Context, themes: Sequence[str]) -> tuple[str, str | None]:
    """The candidate's own notes; sometimes records what the recruiter said."""
    feedback = _feedback(rng, themes, "self")
    kind = rng.choice(BOILERPLATE_KINDS) if rng.random() < 0.4 else None
    sentences = [rng.choice(_BOILERPLATE[kind]["note"])] if kind else []
    sentences += feedback
    if rng.random() < 0.5 or len(sentences) < 2:
        sentences.append(rng.choice(_SELF_EXTRAS))
    head = ctx.fill(rng.choice(_SELF_OPENERS)) + "\n" if rng.random() < 0.5 else ""
    return head + " ".join(sentences), kind


def _foreign_email(
    rng: random.Random, ctx: _Context, theme: str, lang: str
) -> tuple[str, str | None]:
    pools = _FOREIGN[lang]
    thanks = [ctx.fill(rng.choice(pools["thanks"]))] if rng.random() < 0.7 else []
    feedback = _feedback(rng, [theme], lang)
    kind = rng.choice(BOILERPLATE_KINDS) if rng.random() < 0.6 else None
    closing = [rng.choice(pools[kind])] if kind else []
    wish = [rng.choice(pools["wishes"])] if rng.random() < 0.5 else []
    if len(thanks) + len(feedback) + len(closing) + len(wish) < 2:
        wish = [rng.choice(pools["wishes"])]
    paragraphs = [thanks + feedback, closing + wish]
    return _layout(rng, ctx, pools["greetings"], paragraphs, pools["signoffs"]), kind


def _boilerplate_email(rng: random.Random, ctx: _Context, kind: str) -> str:
    """Rejection language of one kind plus pleasantries, and no feedback at all."""
    thanks = [ctx.fill(rng.choice(_THANKS))] if rng.random() < 0.8 else []
    count = 2 if rng.random() < 0.25 else 1
    decision = rng.sample(_BOILERPLATE[kind]["email"], count)
    wish = [rng.choice(_WISHES)] if rng.random() < 0.6 or not thanks else []
    together = rng.random() < 0.5
    paragraphs = [thanks + decision + wish] if together else [thanks + decision, wish]
    return _layout(rng, ctx, _GREETINGS, paragraphs, _SIGNOFFS)


def _resolve_themes(themes: Sequence[str] | None) -> list[str]:
    if themes is None:
        return list(THEMES)
    if isinstance(themes, str):
        raise TypeError("themes must be a sequence of theme ids, not a string")
    resolved = list(dict.fromkeys(themes))
    unknown = [t for t in resolved if t not in THEMES]
    if unknown:
        raise ValueError(f"unknown theme ids: {unknown}; known: {list(THEMES)}")
    if not resolved:
        raise ValueError("themes must name at least one theme")
    return resolved


def _plan_themes(rng: random.Random, active: Sequence[str], count: int) -> list[tuple[str, ...]]:
    """Theme tuples (primary first) for ``count`` actionable records, totals kept level."""
    if count == 0:
        return []
    k = min(len(active), max(1, count // 3))
    used = list(active[:k])
    start = rng.randrange(k)
    primaries = [used[(start + i) % k] for i in range(count)]
    totals = Counter(primaries)
    n_pairs = round(_PAIR_SHARE * count) if k >= 3 else 0
    plans: list[tuple[str, ...]] = [(p,) for p in primaries]
    for i in sorted(rng.sample(range(count), n_pairs)):
        candidates = [t for t in used if t != primaries[i]]
        rng.shuffle(candidates)
        second = min(candidates, key=lambda t: totals[t])
        totals[second] += 1
        plans[i] = (primaries[i], second)
    return plans


def planted_corpus(
    n: int,
    *,
    themes: Sequence[str] | None = None,
    seed: int = 0,
    boilerplate_share: float = 0.2,
) -> list[PlantedRecord]:
    """``n`` synthetic feedback records with planted themes; deterministic per arguments."""
    if n < 0:
        raise ValueError("n must be >= 0")
    if not 0.0 <= boilerplate_share <= 1.0:
        raise ValueError("boilerplate_share must be between 0 and 1")
    active = _resolve_themes(themes)
    rng = random.Random(seed)

    n_boiler = min(n, round(n * boilerplate_share))
    n_action = n - n_boiler
    theme_plans = _plan_themes(rng, active, n_action)
    singles = [i for i, plan in enumerate(theme_plans) if len(plan) == 1]
    n_foreign = min(len(singles), round(_FOREIGN_SHARE * n)) if n >= _FOREIGN_MIN_N else 0
    languages = {i: ("es", "de")[j % 2] for j, i in enumerate(rng.sample(singles, n_foreign))}
    start = rng.randrange(len(BOILERPLATE_KINDS))
    kinds = [BOILERPLATE_KINDS[(start + j) % len(BOILERPLATE_KINDS)] for j in range(n_boiler)]

    # An int slot is the index of an actionable plan; a str slot is a boilerplate kind.
    slots: list[int | str] = [*range(n_action), *kinds]
    rng.shuffle(slots)
    records: list[PlantedRecord] = []
    for number, slot in enumerate(slots, start=1):
        record_themes = theme_plans[slot] if isinstance(slot, int) else ()
        primary = record_themes[0] if record_themes else None
        if primary is not None and rng.random() < 0.5:
            role = rng.choice(_THEME_ROLES[primary])
        else:
            role = rng.choice(ROLES)
        ctx = _Context(
            company=rng.choice(COMPANIES),
            role=role,
            stage=rng.choice(STAGES),
            interviewer=rng.choice(INTERVIEWERS),
        )
        day = dt.date.fromordinal(rng.randint(_FIRST_DAY, _LAST_DAY)).isoformat()
        boilerplate: str | None
        if isinstance(slot, str):
            text, boilerplate = _boilerplate_email(rng, ctx, slot), slot
        else:
            lang = languages.get(slot, "en")
            if lang != "en":
                text, boilerplate = _foreign_email(rng, ctx, record_themes[0], lang)
            else:
                roll = rng.random()
                if roll < 0.7:
                    text, boilerplate = _email(rng, ctx, record_themes)
                elif roll < 0.85:
                    text, boilerplate = _scorecard(rng, ctx, record_themes), None
                else:
                    text, boilerplate = _self_note(rng, ctx, record_themes)
        records.append(
            PlantedRecord(
                id=f"p{number:04d}",
                company=ctx.company,
                role=ctx.role,
                stage=ctx.stage,
                date=day,
                interviewer=ctx.interviewer,
                text=text,
                themes=record_themes,
                boilerplate=boilerplate,
            )
        )
    return records


def write_jsonl(records: Sequence[PlantedRecord], path: Path) -> Path:
    """Write records as JSON Lines in the shape ``nextround ingest`` reads; return ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            row = {
                "id": record.id,
                "company": record.company,
                "role": record.role,
                "stage": record.stage,
                "date": record.date,
                "interviewer": record.interviewer,
                "feedback": record.text,
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    for size in (8, 40, 400):
        corpus = planted_corpus(size)
        counts = Counter(t for r in corpus for t in r.themes)
        pure = sum(1 for r in corpus if not r.themes)
        two = sum(1 for r in corpus if len(r.themes) == 2)
        langs = Counter(language_of(r) for r in corpus)
        print(f"n={size}: pure boilerplate={pure}, two-theme={two}, languages={dict(langs)}")
        for theme in THEMES:
            if counts[theme]:
                print(f"  {theme:<22}{counts[theme]:>4}")
    print()
    for record in planted_corpus(40)[:3]:
        print(f"--- {record.id} {record.company} | {record.role} | {record.stage} | {record.date}")
        print(f"    themes={record.themes} boilerplate={record.boilerplate}")
        print(record.text)
        print()

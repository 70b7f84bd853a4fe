// English sentence bank of the demo. Entry i of every list matches entry i in _be and _ru.
#include "services/demo/demo_text.hpp"

namespace barometer::demo {

namespace {

LanguageBank make_en() {
  LanguageBank b;
  // --- The ruling elite
  b.topics[0] = TopicBank{
      {{"the Presidential Administration"}, {"the Council of Ministers"}, {"the Security Council"},
       {"the House of Representatives"}, {"the regional executive committees"},
       {"the State Control Committee"}},
      {"Nomenklatura reshuffle", "Power vertical", "Personnel policy", "Inside the ruling circle",
       "State apparatus", "The president's team"},
      {"This week the domestic agenda was shaped by the activity of {a}, with no visible moves on the part of {b}.",
       "The week brought another round of personnel decisions, most of them prepared inside {a}.",
       "Attention in the corridors of power turned to events in {p}, where an inspection by {a} ended in a series of dismissals.",
       "Public statements by officials of {a} this week signalled that the leadership wants discipline rather than reform."},
      {"a deputy head of {a} was moved to a regional post;",
       "the heads of two district administrations near {p} were dismissed for \"shortcomings in work with personnel\";",
       "a new round of checks of state enterprises was announced on behalf of {a};",
       "officials were again reminded that loyalty is the main criterion for promotion;",
       "the number of senior appointments made this week reached {n};",
       "a draft law expanding the powers of {a} was sent to parliament;"},
      {"Personnel changes announced in the local authorities of {p}.",
       "Meeting on personnel policy held with the participation of {a}.",
       "New inspection of state enterprises launched at the initiative of {a}.",
       "Dismissal of a deputy minister announced.",
       "Amendments on civil service discipline submitted to parliament.",
       "Number of officials detained on corruption charges reached {n}."}};
  // --- Society and political parties
  b.topics[1] = TopicBank{
      {{"the Ministry of Internal Affairs"}, {"the Prosecutor General's Office"}, {"the Ministry of Justice"},
       {"the pro-government association Belaya Rus"}, {"the Central Election Commission"}, {"the KGB"}},
      {"Civil society", "Political parties", "Repression and resistance", "Public mood", "Opposition and activists", "Rights and freedoms"},
      {"This week the situation of civil society was again defined by the actions of {a}.",
       "Events in {p} drew attention this week: local activists reported new pressure from {a}.",
       "The week was marked by new statements of {a} on \"order\" in public life and on the future of political parties.",
       "Independent initiatives continued to adapt to the new conditions, while the oversight by {a} expanded."},
      {"new criminal cases were opened against activists in {p};",
       "the Ministry of Justice issued warnings to several public associations;",
       "the list of \"extremist materials\" was extended again;",
       "the number of people detained for political reasons this week reached {n};",
       "the rules for registering political parties were discussed with the participation of {a};",
       "independent journalists reported searches and confiscation of equipment;"},
      {"Detentions of activists reported in {p}.",
       "New criminal cases under \"extremism\" articles opened.",
       "Public association liquidated by court decision.",
       "Statement on political parties made on behalf of {a}.",
       "Human rights defenders report new politically motivated detentions: {n}.",
       "Independent media outlet blocked in Belarus."}};
  // --- Security issues
  b.topics[2] = TopicBank{
      {{"the Ministry of Defence"}, {"the State Border Committee"}, {"the General Staff"},
       {"the Security Council"}, {"the regional group of forces"}, {"the territorial defence"}},
      {"Military activity", "Border regime", "Defence policy", "Army and exercises", "Defence and deterrence", "Regional security"},
      {"This week the military agenda was shaped by announcements of {a}.",
       "Military activity near {p} increased this week, and new data on exercises was published on behalf of {a}.",
       "The week brought new statements on the threat from the West and on the readiness of the army, most of them voiced by representatives of {a}.",
       "Attention turned to the border regime: the measures announced on behalf of {a} go beyond routine."},
      {"a snap readiness inspection of units was held;",
       "exercises took place at training grounds near {p};",
       "the deployment of additional personnel to the border was announced on behalf of {a};",
       "the number of reservists called up for training reached {n};",
       "changes to the military doctrine were discussed with the participation of {a};",
       "official rhetoric about external threats grew sharper;"},
      {"Snap readiness check of units announced.",
       "Exercises held near {p}.",
       "Reinforcement of the border announced on behalf of {a}.",
       "Reservists called up for training: {n}.",
       "Meeting on defence issues held with the participation of {a}.",
       "Official statement on external military threats published."}};
  // --- Belarus–West relations
  b.topics[3] = TopicBank{
      {{"the European Union"}, {"the United States"}, {"Poland"}, {"Lithuania"},
       {"the Ministry of Foreign Affairs"}, {"the OSCE"}},
      {"Minsk and the West", "Sanctions policy", "Diplomatic contacts", "Border with the EU", "Relations with the EU", "Neighbours to the west"},
      {"This week the relationship between Minsk and the West was shaped above all by decisions of {a}.",
       "Diplomatic activity increased this week; contacts involving {a} were the main topic of official comment.",
       "The week brought new statements on sanctions, both on the part of {a} and on the part of {b}.",
       "Minsk reacted nervously to the position of {a}, accusing the West of interference in internal affairs."},
      {"a new package of restrictive measures was prepared on the part of {a};",
       "the Ministry of Foreign Affairs summoned a Western diplomat;",
       "traffic at border crossings with the EU was restricted;",
       "the number of Western companies leaving the Belarusian market reached {n};",
       "official Minsk called for dialogue \"without preconditions\";",
       "contacts at the level of experts continued despite the political freeze;"},
      {"New restrictive measures discussed on the part of {a}.",
       "Western diplomat summoned to the Ministry of Foreign Affairs.",
       "Restrictions introduced at a border crossing with the EU.",
       "Official Minsk calls for dialogue without preconditions.",
       "Statement on Belarus issued on behalf of {a}.",
       "Queue of trucks at the border reported at {n} km."}};
  // --- Belarus–Russia relations
  b.topics[4] = TopicBank{
      {{"the Kremlin"}, {"the Union State bodies"}, {"Gazprom"}, {"the Russian government"}, {"the CSTO"},
       {"the Eurasian Economic Union"}},
      {"Minsk and Moscow", "Union State integration", "Energy and loans", "Allied obligations", "Moscow's leverage", "The union with Russia"},
      {"This week relations with Russia were again defined by the position of {a}.",
       "The week brought new talks on integration, with the positions of {a} and {b} at the centre of attention.",
       "Economic issues dominated the dialogue with Moscow this week, above all the terms set by {a}.",
       "Official Minsk again stressed its loyalty to the alliance, while the demands of {a} grew."},
      {"a new round of talks on the integration roadmaps took place;",
       "the terms of gas supplies were discussed with the participation of {a};",
       "Minsk asked for a new loan or the restructuring of its debt;",
       "the number of joint events announced for the year reached {n};",
       "Russian officials visited {p};",
       "the media of both countries discussed the prospects of a deeper union;"},
      {"Talks on integration roadmaps held.",
       "Gas supply terms discussed with the participation of {a}.",
       "Request for a new Russian loan reported.",
       "Russian official delegation visited {p}.",
       "Statement on allied obligations made on behalf of {a}.",
       "Number of joint events announced for the year: {n}."}};

  b.places = {{"Minsk"}, {"Hrodna"}, {"Brest"}, {"Vitsebsk"}, {"Homiel"},
              {"Mahiliou"}, {"Baranavichy"}, {"Maladziechna"}, {"Pinsk"}, {"Polatsk"}};

  b.predicates[0] = {"the screws tighten again", "pressure grows in {p}", "a new round of escalation",
                     "room for manoeuvre narrows", "a week of setbacks", "old risks return",
                     "alarm bells in {p}", "tension spreads beyond {p}", "no room for compromise", "control above all"};
  b.predicates[1] = {"a cautious thaw", "signs of de-escalation", "tensions ease in {p}",
                     "a window opens", "small steps forward", "the pressure eases",
                     "relief in {p}", "a calmer week in {p}", "a step back from the brink", "room for dialogue"};
  b.predicates[2] = {"a holding pattern", "no change of course", "a week of waiting",
                     "the status quo holds", "a quiet week in {p}", "business as usual",
                     "little news from {p}", "wait-and-see in {p}", "the same course", "frozen in place"};

  b.leads[0] = {"The actions of {a} this week narrowed the space for independent decisions, so the situation is assessed as having got worse.",
                "New restrictive decisions involving {a} outweighed any positive signals of the week.",
                "The week brought steps that raise tension and make a reversal harder, which is why the marker points down.",
                "Pressure linked to {a} intensified, and no countervailing factor appeared."};
  b.leads[1] = {"Decisions taken with the participation of {a} reduced tension for the first time in weeks, so the situation is assessed as improved.",
                "The week brought modest but real de-escalation, and it outweighed the negative signals.",
                "A shift in the position of {a} opened room for a less confrontational course.",
                "Several restrictive measures were eased, which justifies a cautious positive assessment."};
  b.leads[2] = {"Despite loud statements, the balance of forces around {a} did not change this week.",
                "The week brought no decisions that would move the situation either way.",
                "Positive and negative signals of the week offset each other, so the situation is assessed as unchanged.",
                "The position of {a} remained the same, and the trends of previous weeks continued."};

  b.developments[0] = {"**The direction of travel is clear.** Each new step increases the cost of any future compromise and makes the system more dependent on coercion.",
                       "Taken together, these decisions show that the authorities prefer control to dialogue. The measures are not one-off: they follow a pattern established over previous months.",
                       "What matters most is not any single episode but their accumulation: the threshold of what is considered acceptable keeps moving.",
                       "The reaction of {b} suggests that the decisions were coordinated in advance rather than improvised."};
  b.developments[1] = {"**The change is modest but real.** For the first time in a long while, the authorities chose to lower tension rather than raise it.",
                       "The motives are pragmatic rather than principled: easing pressure here reduces costs elsewhere. Still, the practical effect is positive.",
                       "The signals from {b} confirm that the shift was deliberate and not an accident of bureaucratic routine.",
                       "It is too early to speak of a new course, but the week's decisions remove at least one source of friction."};
  b.developments[2] = {"The week's events fit the established pattern: neither side is ready to change its approach, and both are waiting for the other to move.",
                       "Formally there was a lot of activity, but none of it changes the underlying balance.",
                       "The position of {b} is a useful indicator here: it has not shifted, and neither has the situation as a whole.",
                       "_Stability_ here means the persistence of existing problems, not their resolution."};

  b.analysis = {"The authorities continue to treat every issue primarily through the lens of regime security. This limits their flexibility and makes sudden policy changes unlikely.",
                "Economic constraints play an increasing role and narrow the choice of instruments available to Minsk.",
                "Official media presented the week's events as proof of stability and control. Independent observers, however, point to growing fatigue within the state apparatus.",
                "It is important to distinguish rhetoric from decisions. Loud statements are often addressed to a domestic audience and are not followed by practical steps.",
                "Regional differences are visible as well: what happens in {p} is not always repeated elsewhere in the country.",
                "The decision-making circle remains extremely narrow. This makes policy predictable in its goals but unpredictable in its timing.",
                "Much depends on the external environment, above all on relations between Moscow and the West.",
                "The bureaucracy reacts to signals from the top with caution: officials prefer to over-fulfil restrictive instructions rather than risk being accused of disloyalty."};

  b.outlooks[0] = {"In the coming weeks no sharp change is to be expected; the current trend is likely to continue.",
                   "The next indicator to watch is the reaction of {a} to the week's events.",
                   "For now, the situation remains within the limits of the past months.",
                   "Whether the trend persists will become clear in the coming weeks."};
  b.outlooks[1] = {"**Outlook: risk.** The accumulated tension makes a further deterioration likely in the near future.",
                   "**Outlook: risk.** Signals from {a} suggest that new restrictive steps are being prepared.",
                   "**Outlook: risk.** Without a change of approach, the next weeks are likely to bring new escalation.",
                   "**Outlook: risk.** The room for compromise is shrinking, and the cost of a mistake is rising."};
  b.outlooks[2] = {"**Outlook: opportunity.** If the current signals are followed by decisions, a real improvement is within reach.",
                   "**Outlook: opportunity.** The position of {a} leaves room for a step forward in the coming weeks.",
                   "**Outlook: opportunity.** The easing of tension creates a window that could be used for further de-escalation.",
                   "**Outlook: opportunity.** Both sides now have an interest in avoiding new escalation, which opens space for improvement."};

  b.quotes = {"“Nobody in the apparatus wants to be the first to take the initiative,” says a former official who asked not to be named.",
              "“Decisions are made in a very narrow circle, and the rest learn about them from the news,” notes an observer in Minsk.",
              "“The main goal is to show control, not to solve problems,” comments a regional journalist.",
              "“What we see is caution, not a change of strategy,” says an analyst based in Vilnius.",
              "“Every step is weighed against how Moscow will react,” a diplomatic source points out."};
  b.bullet_intros = {"The main developments of the week:", "Among the week's events, the following stand out:",
                     "Several episodes shaped the picture:"};
  return b;
}

}  // namespace

const LanguageBank& bank_en() {
  static const LanguageBank bank = make_en();
  return bank;
}

}  // namespace barometer::demo

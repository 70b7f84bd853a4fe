// The seed commentary: 2022-W09 (February 28 – March 6, 2022), "Security issues", worse, risk.
// Written afresh from the facts of the page barometer grew from; its sentences are not copied.
#include "domain/date.hpp"
#include "services/demo/demo_static.hpp"

namespace barometer::demo {

Commentary seed_commentary_content() {
  Commentary c;
  c.assessment = Assessment::worse;
  c.outlook = Outlook::risk;

  c.translations["en"].title =
      "Minsk will shield the Kremlin from the West but has no wish to fight in Ukraine";
  c.translations["en"].lead =
      "Belarusian territory has become a staging ground for Russia's war, and the regime is now "
      "manoeuvring to keep its own army out of it as Moscow's hopes of a quick victory fade.";
  c.translations["en"].body =
      "All week Lukashenka kept returning to the war between Russia and Ukraine and to the question "
      "of whether Belarusian troops might be drawn into it. In his words:\n\n"
      "- the Belarusian army is not taking part in the war in Ukraine, and Moscow has not asked it to;\n"
      "- the Kremlin informed Minsk that Belarusian territory would be used for the offensive only "
      "once the operation was already under way;\n"
      "- it is the West that wants Belarus in the war, because an army tied down in Ukraine could no "
      "longer hold off NATO.\n\n"
      "He also presented Minsk as a consistent champion of peace, ready to put all its influence "
      "behind ending the fighting.\n\n"
      "Offering Belarusian soil for talks between Kyiv and Moscow and warning of a Western \"threat\" "
      "serve one purpose: to get ahead of any Kremlin attempt (if there is one) to pull Belarus into "
      "direct combat against Ukraine.\n\n"
      "Minsk evidently did not expect Ukraine to resist so firmly, nor the West to answer so quickly "
      "and so hard. Moscow, for its part, probably never planned to use the Belarusian army, counting "
      "on a fast victory on its own.\n\n"
      "The longer the war drags on, the harder the regime will try to keep its distance from the "
      "Kremlin. This is not a bid to mend relations with the West (Lukashenka has no illusions on "
      "that score) but an effort not to be swept into the spiral of new sanctions together with "
      "Moscow.\n\n"
      "**In short:** Minsk wants to limit the damage from having lent its territory to the aggression "
      "against Ukraine, and to keep a bad position from getting worse.";

  c.translations["be"].title = "Мінск будзе засланяць Крэмль ад Захаду, але ваяваць ва Украіне не хоча";
  c.translations["be"].lead =
      "Беларуская тэрыторыя стала плацдармам расійскай вайны, і цяпер, калі надзеі Масквы на хуткую "
      "перамогу слабеюць, рэжым шукае спосаб утрымаць уласную армію па-за ёй.";
  c.translations["be"].body =
      "Увесь тыдзень Лукашэнка вяртаўся да расійска-ўкраінскай вайны і да пытання, ці могуць быць "
      "уцягнутыя ў яе беларускія войскі. Паводле яго слоў:\n\n"
      "- беларуская армія не ўдзельнічае ў вайне ва Украіне, і Масква пра гэта не прасіла;\n"
      "- Крэмль паведаміў Мінску, што беларуская тэрыторыя будзе выкарыстаная для наступлення, толькі "
      "калі аперацыя ўжо пачалася;\n"
      "- уцягнуць Беларусь у вайну хоча менавіта Захад, бо армія, звязаная баямі ва Украіне, ужо не "
      "зможа стрымліваць НАТА.\n\n"
      "Акрамя таго, ён прадставіў Мінск як паслядоўнага прыхільніка міру, гатовага ўкласці ўвесь свой "
      "уплыў у спыненне баёў.\n\n"
      "Прапанова правесці на беларускай зямлі перамовы паміж Кіевам і Масквой і папярэджанні пра "
      "заходнюю «пагрозу» служаць адной мэце: апярэдзіць магчымую (калі яна ёсць) спробу Крамля "
      "ўцягнуць Беларусь у непасрэдныя баявыя дзеянні супраць Украіны.\n\n"
      "Мінск, відаць, не чакаў ні такога цвёрдага супраціву Украіны, ні такога хуткага і жорсткага "
      "адказу Захаду. Масква ж, хутчэй за ўсё, і не планавала выкарыстоўваць беларускую армію, "
      "разлічваючы на хуткую перамогу ўласнымі сіламі.\n\n"
      "Чым даўжэй цягнецца вайна, тым больш настойліва рэжым будзе дыстанцыявацца ад Крамля. Гэта не "
      "спроба наладзіць адносіны з Захадам (ілюзій на гэты конт у Лукашэнкі няма), а намаганне не "
      "трапіць разам з Масквой у вір новых санкцый.\n\n"
      "**Карацей кажучы:** Мінск імкнецца абмежаваць шкоду ад таго, што аддаў сваю тэрыторыю для агрэсіі "
      "супраць Украіны, і не дапусціць, каб дрэннае становішча стала яшчэ горшым.";

  c.translations["ru"].title = "Минск будет прикрывать Кремль от Запада, но воевать в Украине не хочет";
  c.translations["ru"].lead =
      "Белорусская территория стала плацдармом российской войны, и теперь, когда надежды Москвы на "
      "быструю победу тают, режим ищет способ удержать собственную армию вне её.";
  c.translations["ru"].body =
      "Всю неделю Лукашенко возвращался к российско-украинской войне и к вопросу, могут ли быть "
      "втянуты в неё белорусские войска. По его словам:\n\n"
      "- белорусская армия не участвует в войне в Украине, и Москва об этом не просила;\n"
      "- Кремль сообщил Минску, что белорусская территория будет использована для наступления, лишь "
      "когда операция уже началась;\n"
      "- втянуть Беларусь в войну хочет именно Запад, ведь армия, связанная боями в Украине, уже не "
      "сможет сдерживать НАТО.\n\n"
      "Кроме того, он представил Минск как последовательного сторонника мира, готового вложить всё "
      "своё влияние в прекращение боёв.\n\n"
      "Предложение провести на белорусской земле переговоры между Киевом и Москвой и предупреждения о "
      "западной «угрозе» служат одной цели: опередить возможную (если она есть) попытку Кремля втянуть "
      "Беларусь в прямые боевые действия против Украины.\n\n"
      "Минск, судя по всему, не ожидал ни столь твёрдого сопротивления Украины, ни столь быстрого и "
      "жёсткого ответа Запада. Москва же, скорее всего, и не планировала использовать белорусскую "
      "армию, рассчитывая на быструю победу собственными силами.\n\n"
      "Чем дольше тянется война, тем настойчивее режим будет дистанцироваться от Кремля. Это не "
      "попытка наладить отношения с Западом (иллюзий на этот счёт у Лукашенко нет), а стремление не "
      "попасть вместе с Москвой в водоворот новых санкций.\n\n"
      "**Короче говоря:** Минск стремится ограничить ущерб от того, что предоставил свою территорию "
      "для агрессии против Украины, и не допустить, чтобы плохое положение стало ещё хуже.";

  Evidence talks1{make_date(2022, 2, 28), "https://example.org/news/2022/02/28/talks-homiel-region", {}};
  talks1.line = {{"en", "First round of Russian–Ukrainian talks held in the Homiel region of Belarus."},
                 {"be", "У Гомельскай вобласці прайшоў першы раўнд расійска-ўкраінскіх перамоў."},
                 {"ru", "В Гомельской области прошёл первый раунд российско-украинских переговоров."}};
  Evidence army{make_date(2022, 3, 1), "https://example.com/2022/03/01/belarusian-army-not-in-war", {}};
  army.line = {{"en", "Lukashenka states that the Belarusian army is not taking part in the war in Ukraine."},
               {"be", "Лукашэнка заяўляе, што беларуская армія не ўдзельнічае ў вайне ва Украіне."},
               {"ru", "Лукашенко заявляет, что белорусская армия не участвует в войне в Украине."}};
  Evidence talks2{make_date(2022, 3, 3), "", {}};
  talks2.line = {{"en", "Second round of talks takes place in the Brest region, near the Polish border."},
                 {"be", "Другі раўнд перамоў праходзіць у Брэсцкай вобласці, каля мяжы з Польшчай."},
                 {"ru", "Второй раунд переговоров проходит в Брестской области, у границы с Польшей."}};
  c.evidence = {talks1, army, talks2};
  return c;
}

}  // namespace barometer::demo

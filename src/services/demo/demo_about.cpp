// The demo's "About monitoring" page in three languages.
#include "services/demo/demo_static.hpp"

namespace barometer::demo {

Page demo_about_page() {
  Page p;
  p.key = "about";
  p.position = 1;
  p.text["en"] = {"about", "About monitoring",
                  "Belarus Barometer is a weekly analytical monitor of the situation in Belarus. A group of "
                  "analysts follows five topics: the ruling elite, society and political parties, security "
                  "issues, Belarus–West relations and Belarus–Russia relations.\n\n"
                  "## How it works\n\n"
                  "Every week, from Monday to Sunday, each topic gets exactly one short commentary. Its "
                  "author marks where the situation moved during that week:\n\n"
                  "- **The situation got worse**: the week's events increased tension or narrowed the room for "
                  "positive change;\n"
                  "- **The situation improved**: the week brought real, if small, steps in a positive direction;\n"
                  "- **The situation did not change**: events did not shift the balance either way.\n\n"
                  "A commentary may also carry an outlook flag. _Risk_ means that a deterioration is likely "
                  "soon; _opportunity_ means that an improvement is within reach.\n\n"
                  "Each assessment is backed by dated evidence: the events of the week it rests on, with a "
                  "source where one is public. Following the markers week after week shows the dynamics of "
                  "every topic over months and years.\n\n"
                  "## Newsletter\n\n"
                  "Once a week we send the commentaries by email, in Belarusian, Russian and English. You can "
                  "choose the language and the topics, and unsubscribe with one click."};
  p.text["be"] = {"pra-manitorynh", "Пра маніторынг",
                  "«Беларускі барометр» — штотыднёвы аналітычны маніторынг сітуацыі ў Беларусі. Група "
                  "аналітыкаў сочыць за пяццю тэмамі: кіроўная эліта, грамадства і палітычныя партыі, "
                  "пытанні бяспекі, адносіны Беларусі і Захаду, адносіны Беларусі і Расіі.\n\n"
                  "## Як гэта працуе\n\n"
                  "Кожны тыдзень, з панядзелка да нядзелі, па кожнай тэме выходзіць роўна адзін кароткі "
                  "каментар. Яго аўтар адзначае, куды змянілася сітуацыя за тыдзень:\n\n"
                  "- **Сітуацыя пагоршылася**: падзеі тыдня павялічылі напружанасць або звузілі прастору для "
                  "пазітыўных зменаў;\n"
                  "- **Сітуацыя палепшылася**: тыдзень прынёс рэальныя, хай і невялікія, крокі ў добры бок;\n"
                  "- **Сітуацыя не змянілася**: падзеі не зрушылі баланс ні ў той, ні ў іншы бок.\n\n"
                  "Каментар можа мець таксама прагноз. _Рызыка_ азначае, што хуткае пагаршэнне верагоднае; "
                  "_магчымасць_ — што паляпшэнне дасягальнае.\n\n"
                  "Кожная ацэнка абапіраецца на датаваныя факты: падзеі тыдня, на якіх яна грунтуецца, з "
                  "крыніцай, калі яна публічная. Маркеры тыдзень за тыднем паказваюць дынаміку кожнай тэмы "
                  "на працягу месяцаў і гадоў.\n\n"
                  "## Рассылка\n\n"
                  "Раз на тыдзень мы дасылаем каментары па электроннай пошце па-беларуску, па-руску і "
                  "па-англійску. Можна абраць мову і тэмы, а адпісацца — адным націскам."};
  p.text["ru"] = {"o-monitoringe", "О мониторинге",
                  "«Белорусский барометр» — еженедельный аналитический мониторинг ситуации в Беларуси. Группа "
                  "аналитиков следит за пятью темами: правящая элита, общество и политические партии, вопросы "
                  "безопасности, отношения Беларуси и Запада, отношения Беларуси и России.\n\n"
                  "## Как это работает\n\n"
                  "Каждую неделю, с понедельника по воскресенье, по каждой теме выходит ровно один короткий "
                  "комментарий. Его автор отмечает, куда сдвинулась ситуация за неделю:\n\n"
                  "- **Ситуация ухудшилась**: события недели усилили напряжённость или сузили пространство для "
                  "позитивных перемен;\n"
                  "- **Ситуация улучшилась**: неделя принесла реальные, пусть и небольшие, шаги в хорошую "
                  "сторону;\n"
                  "- **Ситуация не изменилась**: события не сдвинули баланс ни в ту, ни в другую сторону.\n\n"
                  "Комментарий может также содержать прогноз. _Риск_ означает, что скорое ухудшение вероятно; "
                  "_возможность_ — что улучшение достижимо.\n\n"
                  "Каждая оценка опирается на датированные факты: события недели, на которых она основана, с "
                  "источником, если он публичен. Маркеры неделя за неделей показывают динамику каждой темы на "
                  "протяжении месяцев и лет.\n\n"
                  "## Рассылка\n\n"
                  "Раз в неделю мы присылаем комментарии по электронной почте на белорусском, русском и "
                  "английском языках. Можно выбрать язык и темы, а отписаться — одним нажатием."};
  return p;
}

}  // namespace barometer::demo

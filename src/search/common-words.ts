/*
 * Everyday English words. They are searched like any other word, but they count for little as *evidence* that a
 * question is about the notes: "best running shoes for the week" shares words with the notes without being about
 * them. Deliberately left out: words that are everyday English and also the subject's own vocabulary (model, train,
 * label, data, feature, test, sample), which must keep counting.
 */
export const COMMON_WORDS = new Set(
  `able add age ago air almost alone along already always amount animal another anything anyway appear apply area arm
  around art ask away baby back bad bag ball bank base bed begin behind believe best better big bill bird bit black
  blue board boat body book born bottom box boy break bring brother brown build busy buy call came car care carry
  case cat catch center centre chair cheap check child children city clean clear close cold color colour come common
  company computer cook cool corner could country course cover cross cup cut dad dark day dead deal dear decide deep
  dinner dog door double draw dream dress drink drive drop dry during early earth easy eat egg end enjoy enough enter
  even evening event ever every example eye face fact fall family far farm father feel feet few field fight fill
  final find fine finger finish fire first fish fit five flat floor fly follow food foot force forget form forward
  four free friend front full fun funny game garden gave girl give glass go goes going gone good great green ground
  grow guess gun guy hair half hall hand happen happy hard hat head health hear heart heat heavy help high hill hit
  hold hole holiday home hope horse hot hour house huge hundred hurt idea important inside job join joke just keep
  key kid kids kill kind king kitchen knew know lady land large last late later laugh lay lead least leave left leg
  less letter lie life light list listen little live long look lose lost lot love low lunch main make man many map
  mark market matter may maybe meet middle might mile milk mind minute miss moment money month morning mother
  mountain mouth move movie movies much music name near nearly neck need never new news next nice night nine nothing
  notice now off office often old once open paper parent park part party pass past pay pen people person pick picture
  piece place plan plant play please point poor possible power present pretty probably problem pull push put quick
  quite rain read ready real really reason red remember rest rich ride river road rock room round run sad safe said
  sale save saw school sea season second see seem sell send sense set seven shape share ship shoe shoes shop short
  shot show side sign simple since sing sister sit six skin sleep small smell smile snow soft some son song soon
  sorry sound south space speak special spend sport spring square stand star start station stay step still stone stop
  story street strong study stuff such summer sun sure table take talk tall taste tea teach tell ten than thank then
  thing things think third thought three through throw tiny today together told tomorrow tonight took top touch town
  toy tree trip trouble true try turn twice uncle under until upon usual usually very visit voice wait walk wall war
  warm wash watch water way wear weather week weekend well went west wet wheel white whole wide wife win wind window
  winter wish woman women wonder wood word work world worry write yard year yellow yes yesterday young`.split(/\s+/),
);

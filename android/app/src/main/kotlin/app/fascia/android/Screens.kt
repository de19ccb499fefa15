// The screens: layout only. Each reads the view model's state and calls its actions.
package app.fascia.android

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.background
import androidx.compose.foundation.border
import androidx.compose.foundation.clickable
import androidx.compose.foundation.gestures.detectTapGestures
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.offset
import androidx.compose.foundation.layout.sizeIn
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.platform.LocalContext
import androidx.compose.foundation.layout.fillMaxHeight
import java.time.format.FormatStyle
import androidx.compose.ui.platform.LocalConfiguration
import androidx.compose.ui.res.stringResource
import androidx.compose.foundation.selection.selectable
import androidx.compose.ui.draw.clip
import androidx.compose.ui.draw.drawBehind
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.onClick
import androidx.compose.ui.semantics.role
import androidx.compose.ui.semantics.selected
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.semantics.stateDescription
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.shape.CircleShape
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Favorite
import androidx.compose.material.icons.filled.Home
import androidx.compose.material.icons.filled.Info
import androidx.compose.material.icons.filled.Settings
import androidx.compose.material3.Button
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.Checkbox
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.OutlinedButton
import androidx.compose.foundation.text.BasicTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.Path
import androidx.compose.ui.graphics.drawscope.Stroke
import androidx.compose.ui.input.pointer.pointerInput
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import app.fascia.core.Event
import app.fascia.core.Metric
import app.fascia.core.Omission
import app.fascia.core.SafetyFlag
import app.fascia.core.Side
import app.fascia.core.Status
import app.fascia.core.StepKind
import app.fascia.core.Tool
import app.fascia.bodyworkDueText
import app.fascia.bodyworkMonthText
import app.fascia.bodyworkText
import app.fascia.downtimeText
import app.fascia.holdsText
import app.fascia.metricText
import app.fascia.nextStepText
import app.fascia.peakText
import app.fascia.phraseText
import app.fascia.kickoffText
import app.fascia.reminderSummaryText
import app.fascia.restTitleText
import app.fascia.priorityText
import app.fascia.reportWindowsText
import app.fascia.runKindText
import app.fascia.stepOfText
import app.fascia.taperText
import app.fascia.timeLeftText
import app.fascia.trendText
import app.fascia.zoneDoseText
import app.fascia.core.Phrase
import app.fascia.bookBodyworkText
import app.fascia.calendarLabel
import app.fascia.distanceLabel
import app.fascia.distanceNumber
import app.fascia.distanceText
import app.fascia.durationText
import app.fascia.healthWarningText
import app.fascia.omittedText
import app.fascia.raceWeekText
import app.fascia.safetyFlagTitle
import app.fascia.sideText
import app.fascia.sorenessLevelText
import app.fascia.stepPlace
import app.fascia.stepTitle
import app.fascia.streakText
import app.fascia.toolText
import kotlinx.coroutines.delay
import java.time.LocalTime
import java.time.ZoneId
import java.time.format.DateTimeFormatter



@Composable
fun FasciaApp(model: AppModel, actions: Actions) {
    val state by model.state.collectAsState()
    FasciaTheme {
        val tabs = listOf(
            Triple(Screen.TODAY, R.string.tab_today, Icons.Filled.Home),
            Triple(Screen.CHECK_IN, R.string.tab_check_in, Icons.Filled.Favorite),
            Triple(Screen.PLAN, R.string.tab_plan, Icons.Filled.DateRange),
            Triple(Screen.REPORT, R.string.tab_report, Icons.Filled.Info),
            Triple(Screen.SETTINGS, R.string.tab_more, Icons.Filled.Settings),
        )
        // Back leads up: a tab to Today, a page of More to More; Today leaves the app. During a
        // routine it goes to Today too: the routine runs on (its service), "Resume" brings it back.
        BackHandler(enabled = model.backTo(state.screen) != null) { model.back() }
        // Health Connect's permission screen, when reading runs needs it: launched once (cleared
        // first, so that a recreated Activity does not ask twice); its answer goes to the model.
        state.askHealth?.let { wanted ->
            LaunchedEffect(wanted) {
                model.healthAsked()
                actions.askHealth(wanted)
            }
        }
        val large = LocalConfiguration.current.fontScale > 1.3f
        val barShown = state.screen !in setOf(Screen.SESSION, Screen.FIRST_RUN, Screen.RESTORE, Screen.LOADING, Screen.FAILED)
        Scaffold(
            containerColor = Sand,
            bottomBar = {
                if (barShown) {
                    NavigationBar(containerColor = Stone) {
                        for ((screen, label, icon) in tabs) {
                            val selected = state.screen == screen ||
                                (screen == Screen.SETTINGS && state.screen in setOf(Screen.ZONES, Screen.DATA, Screen.LOGS))
                            // At a large font the words do not fit five across: the icons stay, named for TalkBack.
                            val words = stringResource(label)
                            NavigationBarItem(
                                selected = selected, onClick = { model.show(screen) },
                                icon = { Icon(icon, contentDescription = if (large) words else null) },
                                label = if (large) null else { { Text(words, maxLines = 1) } },
                            )
                        }
                    }
                }
            },
        ) { padding ->
            Column(Modifier.padding(padding).fillMaxSize().background(Sand)) {
                state.message?.let { Message(it) { model.dismissMessage() } }
                when (state.screen) {
                    Screen.LOADING -> Centered(stringResource(R.string.opening))
                    Screen.FAILED -> Centered(state.message ?: stringResource(R.string.could_not_open))
                    Screen.FIRST_RUN -> FirstRun(model, actions)
                    Screen.TODAY -> TodayScreen(state, model)
                    Screen.SESSION -> SessionScreen(state, model, actions)
                    Screen.CHECK_IN -> CheckInScreen(state, model)
                    Screen.PLAN -> PlanScreen(state, model)
                    Screen.REPORT -> ReportScreen(state)
                    Screen.ZONES -> ZonesScreen()
                    Screen.SETTINGS -> SettingsScreen(state, model, actions)
                    Screen.DATA -> DataScreen(state, model, actions)
                    Screen.LOGS -> LogsScreen(state, model, actions)
                    Screen.RESTORE -> RestoreScreen(state, model)
                }
            }
        }
    }
}

@Composable
private fun Message(text: String, dismiss: () -> Unit) {
    Row(
        Modifier.fillMaxWidth().background(LocalPalette.current.message).padding(12.dp).testTag("message"),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        Text(text, color = LocalPalette.current.onMessage, modifier = Modifier.weight(1f), fontSize = 16.sp)
        TextButton(onClick = dismiss) { Text(stringResource(R.string.ok), color = LocalPalette.current.onMessage) }
    }
}

@Composable
private fun Centered(text: String) = Box(Modifier.fillMaxSize().padding(24.dp), contentAlignment = Alignment.Center) {
    Text(text, fontSize = 20.sp, textAlign = TextAlign.Center)
}

@Composable
private fun Title(text: String) =
    Text(text, fontSize = 26.sp, fontWeight = FontWeight.Bold, modifier = Modifier.padding(bottom = 8.dp))

@Composable
private fun Section(text: String) =
    Text(text, fontSize = 18.sp, fontWeight = FontWeight.SemiBold, modifier = Modifier.padding(top = 16.dp, bottom = 6.dp))

@Composable
private fun Panel(content: @Composable () -> Unit) = Card(
    Modifier.fillMaxWidth().padding(vertical = 4.dp),
    colors = CardDefaults.cardColors(containerColor = CardColor, contentColor = Ink),
) { Column(Modifier.padding(14.dp)) { content() } }

/** A labelled text field (foundation only: the shell needs no Material string resources). */
@Composable
private fun Field(value: String, onChange: (String) -> Unit, label: String, modifier: Modifier = Modifier) {
    Column(modifier.padding(vertical = 4.dp)) {
        Text(label, fontSize = 13.sp, color = Muted)
        BasicTextField(
            value, onChange, singleLine = true,
            textStyle = androidx.compose.ui.text.TextStyle(fontSize = 20.sp, color = Ink),
            modifier = Modifier.fillMaxWidth().background(CardColor, RoundedCornerShape(8.dp))
                .border(1.dp, Ink, RoundedCornerShape(8.dp)).padding(12.dp),
        )
    }
}

/** A time of day as the phone writes it (07:00, or 7:00 AM), and a button that opens the
 *  platform's time picker for it. */
@Composable
private fun TimeButton(label: String, time: LocalTime, tag: String, modifier: Modifier = Modifier, onPick: (LocalTime) -> Unit) {
    val context = LocalContext.current
    val shown = remember(time) { time.format(DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT)) }
    OutlinedButton(
        onClick = {
            android.app.TimePickerDialog(
                context, { _, hour, minute -> onPick(LocalTime.of(hour, minute)) },
                time.hour, time.minute, android.text.format.DateFormat.is24HourFormat(context),
            ).show()
        },
        modifier = modifier.heightIn(min = 48.dp).testTag(tag),
    ) { Text(stringResource(R.string.button_value, label, shown), fontSize = 18.sp) }
}

/** The platform's date picker from `initial`; `onPick` gets the day chosen. */
fun pickDate(context: android.content.Context, initial: java.time.LocalDate, onPick: (java.time.LocalDate) -> Unit) {
    android.app.DatePickerDialog(context, { _, y, m, d -> onPick(java.time.LocalDate.of(y, m + 1, d)) },
        initial.year, initial.monthValue - 1, initial.dayOfMonth).show()
}

/** The platform's date picker, then its time picker: the instant of that local time in the
 *  runner's zone. */
fun pickDateTime(context: android.content.Context, initial: java.time.LocalDateTime, onPick: (java.time.Instant) -> Unit) {
    pickDate(context, initial.toLocalDate()) { day ->
        android.app.TimePickerDialog(context, { _, hour, minute ->
            onPick(day.atTime(hour, minute).atZone(ZoneId.of(Journals.clock.zone())).toInstant())
        }, initial.hour, initial.minute, android.text.format.DateFormat.is24HourFormat(context)).show()
    }
}

/** Today in the runner's zone, where a picker starts when nothing is chosen yet. */
private fun localToday(): java.time.LocalDate = java.time.LocalDate.now(ZoneId.of(Journals.clock.zone()))

/** A day, shown in words, and a button that opens the platform's date picker for it: no dates typed. */
@Composable
private fun DateButton(label: String, date: java.time.LocalDate?, tag: String, modifier: Modifier = Modifier, onPick: (java.time.LocalDate) -> Unit) {
    val context = LocalContext.current
    OutlinedButton(
        onClick = { pickDate(context, date ?: localToday(), onPick) },
        modifier = modifier.heightIn(min = 48.dp).testTag(tag),
    ) { Text(stringResource(R.string.button_value, label, date?.let { inWords(it) } ?: stringResource(R.string.choose_date)), fontSize = 16.sp) }
}

/** A day and a time, picked with the platform's pickers, shown as the phone writes them. */
@Composable
private fun DateTimeButton(label: String, at: java.time.Instant?, tag: String, modifier: Modifier = Modifier, onPick: (java.time.Instant) -> Unit) {
    val context = LocalContext.current
    val zone = ZoneId.of(Journals.clock.zone())
    val shown = at?.atZone(zone)?.format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT))
    OutlinedButton(
        onClick = { pickDateTime(context, at?.atZone(zone)?.toLocalDateTime() ?: localToday().atTime(9, 0), onPick) },
        modifier = modifier.heightIn(min = 48.dp).testTag(tag),
    ) { Text(stringResource(R.string.button_value, label, shown ?: stringResource(R.string.choose_date)), fontSize = 16.sp) }
}

/** A date in words, as the phone's language writes it ("Sunday, 20 December 2026"). */
fun inWords(date: java.time.LocalDate): String = date.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL))

private fun minutes(seconds: UInt) = "%d:%02d".format((seconds / 60u).toInt(), (seconds % 60u).toInt())

// ---- first run ----------------------------------------------------------------------------

@Composable
private fun FirstRun(model: AppModel, actions: Actions) {
    var time by remember { mutableStateOf(LocalTime.of(7, 0)) }
    var quietFrom by remember { mutableStateOf(LocalTime.of(22, 0)) }
    var quietTo by remember { mutableStateOf(LocalTime.of(7, 0)) }
    var raceName by remember { mutableStateOf("") }
    var date by remember { mutableStateOf<java.time.LocalDate?>(null) }
    var tools by remember { mutableStateOf(setOf(Tool.FOAM_ROLLER, Tool.BALL)) }
    val valid = raceName.isBlank() || date != null
    LazyColumn(Modifier.padding(20.dp)) {
        item {
            Title(stringResource(R.string.welcome))
            // What the app is, with the core's daily budget ("under 12 minutes"), in the core's words.
            Text(remember { phraseText(Phrase.INTRO) })
            Section(stringResource(R.string.tools_question))
        }
        items(Tool.entries.filter { it != Tool.HANDS }) { tool ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = tool in tools, onCheckedChange = { on -> tools = if (on) tools + tool else tools - tool })
                Text(toolText(tool), fontSize = 18.sp)
            }
        }
        item {
            Text(stringResource(R.string.hands_count), color = Muted)
            Section(stringResource(R.string.section_daily_reminder))
            TimeButton(stringResource(R.string.reminder_at), time, "reminder-time", Modifier.fillMaxWidth()) { time = it }
            QuietHoursButtons(quietFrom, quietTo) { from, until -> quietFrom = from; quietTo = until }
            Text(stringResource(R.string.quiet_hours_about), color = Muted)
            Section(stringResource(R.string.goal_race))
            Field(raceName, { raceName = it }, stringResource(R.string.race_name_example))
            DateButton(stringResource(R.string.date), date, "race-date", Modifier.fillMaxWidth()) { date = it }
            Section(stringResource(R.string.section_notifications))
            Text(stringResource(R.string.notifications_about, (ReminderSync.WINDOW_MS / 60_000).toInt()))
            OutlinedButton(onClick = actions.askNotifications, modifier = Modifier.padding(top = 8.dp)) { Text(stringResource(R.string.allow_notifications)) }
            Text(stringResource(R.string.more_races_later), modifier = Modifier.padding(top = 12.dp), color = Muted)
            Button(
                onClick = {
                    model.finishSetUp(
                        time, (tools + Tool.HANDS).toList(),
                        app.fascia.core.QuietHours(quietFrom, quietTo),
                        date?.takeIf { raceName.isNotBlank() }?.let {
                            app.fascia.core.NewRace(raceName.trim(), it, null, app.fascia.core.RacePriority.A)
                        },
                    )
                },
                enabled = valid, modifier = Modifier.fillMaxWidth().padding(top = 16.dp).heightIn(min = 56.dp).testTag("start"),
            ) { Text(stringResource(R.string.start), fontSize = 20.sp) }
        }
    }
}

// ---- today ----------------------------------------------------------------------------------

@Composable
@OptIn(ExperimentalLayoutApi::class)
private fun TodayScreen(state: UiState, model: AppModel) {
    val today = state.today ?: return Centered(stringResource(R.string.loading))
    val routine = today.routine
    LazyColumn(Modifier.padding(horizontal = 16.dp).testTag("today")) {
        item {
            Title(stringResource(R.string.today_title, today.date.format(DateTimeFormatter.ofPattern("EEEE d MMMM"))))
            for (flag in today.safety) Safety(flag)
            // The check-in the core keeps open after a long run or a race, with its question.
            today.checkIn?.let { checkIn ->
                Card(
                    Modifier.fillMaxWidth().padding(bottom = 8.dp).clickable { model.show(Screen.CHECK_IN) }.testTag("check-in-card"),
                    colors = CardDefaults.cardColors(containerColor = Stone),
                ) {
                    Column(Modifier.padding(12.dp)) {
                        Text(checkIn.question, fontWeight = FontWeight.SemiBold)
                        Text(remember { phraseText(Phrase.CHECK_IN_CARD) })
                    }
                }
            }
            // The dynamic warm-up the core offers, in its words: first on race morning, before
            // the activation; otherwise after the routine, before a run.
            val warmUp = today.warmUp?.takeIf { today.activeSession == null }
            if (warmUp != null && warmUp.raceMorning) WarmUpButton(warmUp.text) { model.startRoutine(warmUp = true) }
            Button(
                onClick = { model.startRoutine() },
                modifier = Modifier.fillMaxWidth().heightIn(min = 72.dp).testTag("start-routine"),
                shape = RoundedCornerShape(16.dp),
            ) {
                // The routine's length in the core's words ("12 min"), never a clock time.
                val length = remember(routine.totalS) { durationText(routine.totalS) }
                Text(
                    if (today.activeSession != null) stringResource(R.string.resume_routine)
                    else if (today.doneToday) stringResource(R.string.again_routine, length)
                    else stringResource(R.string.start_routine, length),
                    fontSize = 20.sp,
                )
            }
            // The longer guided session (the core's bodywork routine); on race morning the core
            // refuses it and its reason is the message.
            if (today.activeSession == null) {
                OutlinedButton(
                    onClick = { model.startRoutine(bodywork = true) },
                    modifier = Modifier.fillMaxWidth().padding(top = 8.dp).heightIn(min = 52.dp).testTag("start-bodywork"),
                    shape = RoundedCornerShape(16.dp),
                ) { Text(stringResource(R.string.bodywork_session), fontSize = 18.sp) }
            }
            if (warmUp != null && !warmUp.raceMorning) WarmUpButton(warmUp.text) { model.startRoutine(warmUp = true) }
            FlowRow(Modifier.fillMaxWidth().padding(vertical = 8.dp), horizontalArrangement = Arrangement.SpaceBetween) {
                Text(streakText(today.streak), modifier = Modifier.padding(end = 12.dp).testTag("streak"))
                today.nextReminder?.let {
                    Text(stringResource(R.string.next_reminder, it.local.format(DateTimeFormatter.ofPattern("EEE HH:mm"))))
                }
            }
            Section(LocalContext.current.resources.getQuantityString(R.plurals.zones_and_why, routine.zones.size, routine.zones.size))
        }
        items(routine.zones) { z ->
            Panel {
                Text(zoneName(z.zone), fontSize = 18.sp, fontWeight = FontWeight.SemiBold)
                // "90 s each side", "Left first: 90 s, then 60 s on the other": the core's words.
                Text(remember(z) { holdsText(z) })
                Text(app.fascia.reasonText(z.reason), color = Muted)
            }
        }
        val resting = routine.omitted.filter { it.why == Omission.REST || it.why == Omission.NEXT_TO_REST }
        items(resting) { o ->
            Panel { Text(restTitleText(o.zone, o.side), fontWeight = FontWeight.SemiBold); Text(omittedText(o)) }
        }
        item {
            Section(stringResource(R.string.this_week))
            Row(Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.SpaceBetween) {
                for (day in today.calendar) {
                    Column(horizontalAlignment = Alignment.CenterHorizontally) {
                        Text(day.date.format(DateTimeFormatter.ofPattern("EEE")), fontWeight = FontWeight.SemiBold)
                        Text("${day.zones.size}")
                        // The day's label in the core's words (race, race week, long run…).
                        Text(calendarLabel(day).orEmpty(), fontSize = 11.sp)
                    }
                }
            }
            Spacer(Modifier.height(24.dp))
        }
    }
}

/** The warm-up's offer, its label the core's sentence ("Before you run: a 4-minute dynamic
 *  warm-up"); started through the one way into a routine. */
@Composable
private fun WarmUpButton(text: String, start: () -> Unit) = OutlinedButton(
    onClick = start,
    modifier = Modifier.fillMaxWidth().padding(vertical = 8.dp).heightIn(min = 52.dp).testTag("start-warm-up"),
    shape = RoundedCornerShape(16.dp),
) { Text(text, fontSize = 18.sp, textAlign = TextAlign.Center) }

@Composable
private fun Safety(flag: SafetyFlag) = Card(
    Modifier.fillMaxWidth().padding(bottom = 8.dp).testTag("safety"),
    colors = CardDefaults.cardColors(containerColor = Alert, contentColor = Ink),
) {
    Column(Modifier.padding(12.dp)) {
        Text(safetyFlagTitle(flag), fontWeight = FontWeight.Bold, color = Danger)
        Text(flag.advice.english)
    }
}

// ---- the session: the trailhead screen ------------------------------------------------------

@Composable
private fun SessionScreen(state: UiState, model: AppModel, actions: Actions) {
    val session = model.session
    val snap = state.snapshot
    // The screen stays on while a routine is on it, and may sleep again as soon as it is not
    // (finished, stopped, or the runner went to another screen).
    val inProgress = session != null && snap != null
    DisposableEffect(inProgress) {
        actions.keepScreenOn(inProgress)
        onDispose { actions.keepScreenOn(false) }
    }
    LaunchedEffect(session) {
        while (true) {
            model.tick()
            delay(250)
        }
    }
    if (session == null || snap == null) return Centered(stringResource(R.string.no_routine))
    val steps = session.routine().steps
    val index = snap.stepIndex.toInt().coerceAtMost(steps.size - 1)
    val step = steps[index]
    val next = steps.drop(index + 1).firstOrNull { it.kind == StepKind.HOLD || it.kind == StepKind.MOVE }
    // Cues are the routine's service's (RoutineService), in front or locked: said once.
    val zone = Catalog.zones[step.zone]
    val paused = snap.status == Status.PAUSED
    // At a large font the buttons stack, each wide enough for its word on one line.
    val large = LocalConfiguration.current.fontScale > 1.3f
    Column(Modifier.fillMaxSize().padding(16.dp)) {
        Column(
            Modifier.weight(1f).fillMaxWidth().verticalScroll(rememberScrollState()),
            horizontalAlignment = Alignment.CenterHorizontally,
        ) {
            // Where and what, in the core's words (`Calves, left` · `Hold`), read once per step.
            val where = remember(step) { stepPlace(step) }
            val what = remember(step) { app.fascia.stepLabelText(step) }
            Text(where, fontSize = 34.sp, fontWeight = FontWeight.Bold, textAlign = TextAlign.Center)
            Text(what, fontSize = 24.sp, color = Rust, fontWeight = FontWeight.SemiBold)
            // The count-down is as large as the screen allows already: it does not grow with the font.
            Text(
                minutes(((snap.stepRemainingMs + 999u) / 1000u).toUInt()),
                fontSize = with(LocalDensity.current) { 112.dp.toSp() }, fontWeight = FontWeight.Black,
                maxLines = 1, modifier = Modifier.testTag("countdown"),
            )
            LinearProgressIndicator(progress = { snap.stepProgress.toFloat() }, modifier = Modifier.fillMaxWidth().height(12.dp))
            // A warm-up move's cue (how to do it, what to feel); a zone's technique or position.
            val move = step.moveId?.let { Catalog.moves[it] }
            Text(
                if (move != null) move.cue
                else if (step.kind == StepKind.HOLD) zone?.technique?.firstOrNull().orEmpty() else zone?.position.orEmpty(),
                fontSize = 20.sp, textAlign = TextAlign.Center, modifier = Modifier.padding(vertical = 12.dp),
            )
            // The day's pressure (light around a race), in the core's words.
            val pressure = session.routine().zones.firstOrNull { it.zone == step.zone }?.pressure ?: 0u
            if (step.kind == StepKind.HOLD && pressure > 0u) {
                Text(app.fascia.pressureText(pressure), fontSize = 20.sp, fontWeight = FontWeight.SemiBold, textAlign = TextAlign.Center)
            }
            // "Step 3 of 12 · 8 min left", each half the core's words.
            val of = remember(index, steps.size) { stepOfText(index.toUInt(), steps.size.toUInt()) }
            val leftS = (snap.sessionRemainingMs / 1000u).toUInt()
            val left = remember(leftS) { timeLeftText(leftS) }
            Text(stringResource(R.string.session_progress, of, left), fontSize = 18.sp, textAlign = TextAlign.Center)
            LinearProgressIndicator(progress = { snap.sessionProgress.toFloat() }, modifier = Modifier.fillMaxWidth().padding(vertical = 6.dp), color = Ink)
            val nextPlace = remember(next) { next?.let { nextStepText(it) } }
            nextPlace?.let { Text(it, fontSize = 18.sp, color = Muted) }
            if (paused) Text(stringResource(R.string.paused), fontSize = 22.sp, color = Danger, fontWeight = FontWeight.Bold)
        }
        val back = @Composable { m: Modifier -> OutlinedButton(onClick = { model.event(Event.BACK) }, m.heightIn(min = 64.dp)) { Text(stringResource(R.string.back), fontSize = 18.sp) } }
        val pause = @Composable { m: Modifier ->
            Button(onClick = { model.event(if (paused) Event.RESUME else Event.PAUSE) }, m.heightIn(min = 64.dp).testTag("pause")) {
                Text(stringResource(if (paused) R.string.resume else R.string.pause), fontSize = 22.sp)
            }
        }
        val skip = @Composable { m: Modifier -> OutlinedButton(onClick = { model.event(Event.SKIP) }, m.heightIn(min = 64.dp).testTag("skip")) { Text(stringResource(R.string.skip), fontSize = 18.sp) } }
        val extend = @Composable { m: Modifier -> OutlinedButton(onClick = { model.event(Event.EXTEND) }, m.heightIn(min = 56.dp)) { Text(stringResource(R.string.extend), fontSize = 18.sp) } }
        val pain = @Composable { m: Modifier ->
            Button(
                onClick = { model.event(Event.PAIN_SKIP) }, m.heightIn(min = 56.dp).testTag("sharp-pain"),
                colors = ButtonDefaults.buttonColors(containerColor = Danger, contentColor = OnDanger),
            ) { Text(stringResource(R.string.sharp_pain), fontSize = 18.sp, textAlign = TextAlign.Center) }
        }
        val stop = @Composable { m: Modifier -> TextButton(onClick = { model.event(Event.ABORT) }, m.heightIn(min = 56.dp)) { Text(stringResource(R.string.stop), fontSize = 18.sp) } }
        val gap = Arrangement.spacedBy(8.dp)
        if (!large) {
            Row(Modifier.fillMaxWidth(), horizontalArrangement = gap) { back(Modifier.weight(1f)); pause(Modifier.weight(1.4f)); skip(Modifier.weight(1f)) }
            Row(Modifier.fillMaxWidth().padding(top = 8.dp), horizontalArrangement = gap) {
                extend(Modifier.weight(1f)); pain(Modifier.weight(1.3f)); stop(Modifier.weight(0.8f))
            }
        } else {
            pause(Modifier.fillMaxWidth())
            Row(Modifier.fillMaxWidth().padding(top = 8.dp), horizontalArrangement = gap) { back(Modifier.weight(1f)); skip(Modifier.weight(1f)) }
            Row(Modifier.fillMaxWidth().padding(top = 8.dp), horizontalArrangement = gap) { extend(Modifier.weight(1f)); stop(Modifier.weight(1f)) }
            pain(Modifier.fillMaxWidth().padding(top = 8.dp))
        }
    }
}

// ---- check-in: the body map ------------------------------------------------------------------

@Composable
private fun CheckInScreen(state: UiState, model: AppModel) {
    var selected by remember { mutableStateOf<app.fascia.core.MapRegion?>(null) }
    var distance by remember { mutableStateOf("") }
    val units = state.settings?.units ?: app.fascia.core.Units.METRIC
    var mins by remember { mutableStateOf("") }
    var long by remember { mutableStateOf(false) }
    LazyColumn(Modifier.padding(horizontal = 16.dp)) {
        item {
            // After a long run or a race the core's question names it.
            Title(state.today?.checkIn?.question ?: remember { app.fascia.text("reminder.soreness-prompt.title") })
            // The scale and its words are the core's.
            Text(Catalog.soreness.hint, color = Muted)
            BodyMap(state.checkIn, selected) { selected = it }
            selected?.let { r ->
                Text(place(r.zone, r.side), fontSize = 20.sp, fontWeight = FontWeight.SemiBold)
                Levels(state.checkIn[r.zone to r.side]) { level -> model.rate(r.zone, r.side, level) }
            }
            for ((key, level) in state.checkIn) {
                Text(stringResource(R.string.labelled, place(key.first, key.second), sorenessLevelText(level.toUByte())), fontSize = 18.sp)
            }
            Button(
                onClick = { model.saveCheckIn() }, modifier = Modifier.fillMaxWidth().padding(top = 12.dp).heightIn(min = 56.dp).testTag("save-check-in"),
            ) { Text(stringResource(R.string.save_check_in), fontSize = 18.sp) }
            Section(stringResource(R.string.log_a_run))
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                // Typed in the runner's units; the core turns it into metres.
                Field(distance, { distance = it }, distanceLabel(units), Modifier.weight(1f).testTag("distance"))
                Field(mins, { mins = it }, stringResource(R.string.minutes), Modifier.weight(1f).testTag("minutes"))
            }
            val k = distance.toDoubleOrNull()
            val m = mins.toDoubleOrNull()
            // The runner says whether it was a long run; the core counts a longer run as long anyway.
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = long, onCheckedChange = { long = it }, modifier = Modifier.testTag("long-run"))
                Text(stringResource(R.string.long_run), fontSize = 18.sp)
            }
            OutlinedButton(
                onClick = { if (k != null && m != null) model.logRun(k, m, long) },
                enabled = k != null && m != null, modifier = Modifier.padding(top = 8.dp),
            ) { Text(stringResource(R.string.log_run)) }
            Spacer(Modifier.height(24.dp))
        }
    }
}

/** The soreness levels of the core's scale, each a 48 dp target, as many to a row as fit. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun Levels(chosen: Int?, choose: (Int) -> Unit) {
    FlowRow(Modifier.fillMaxWidth().padding(vertical = 4.dp), horizontalArrangement = Arrangement.spacedBy(4.dp)) {
        for (level in Catalog.levels) {
            val on = chosen == level
            Box(
                Modifier.padding(vertical = 2.dp).sizeIn(minWidth = 48.dp, minHeight = 48.dp)
                    .background(if (on) Rust else CardColor, CircleShape).border(1.dp, Ink, CircleShape)
                    .clip(CircleShape).selectable(selected = on, role = Role.RadioButton) { choose(level) }
                    .testTag("level-$level"),
                contentAlignment = Alignment.Center,
            ) { Text("$level", color = if (on) OnRust else Ink, fontSize = 18.sp, modifier = Modifier.padding(horizontal = 8.dp)) }
        }
    }
}

/**
 * The core's body map (front and back), drawn: the silhouettes from the core's picture of the map,
 * each zone side's region a polygon shaded by its level, tapped to rate it (the core says which
 * region a tap picks). Each region is also a node of its own for TalkBack and switch access: its
 * place in the core's words (`Calves, left`), its level if rated, and a click that selects it.
 */
@Composable
fun BodyMap(levels: Map<Pair<String, Side>, Int>, selected: app.fascia.core.MapRegion?, onTap: (app.fascia.core.MapRegion) -> Unit) {
    val regions = Catalog.regions
    val map = Catalog.map
    val p = LocalPalette.current
    val w = map.width.toFloat()
    BoxWithConstraints(
        Modifier.fillMaxWidth().aspectRatio(w / map.height.toFloat()).padding(vertical = 8.dp).testTag("body-map")
            .pointerInput(regions) {
                detectTapGestures { t ->
                    val scale = size.width / w
                    val x = (t.x / scale).toDouble()
                    val y = (t.y / scale).toDouble()
                    // The core's answer; away from every region, the nearest one, as before.
                    (app.fascia.bodyMapRegionAt(x, y) ?: regions.minByOrNull { (it.anchor.x - x) * (it.anchor.x - x) + (it.anchor.y - y) * (it.anchor.y - y) })?.let(onTap)
                }
            }
            .drawBehind {
                val s = size.width / w
                fun outline(points: List<app.fascia.core.Point>) = Path().apply {
                    points.forEachIndexed { i, pt ->
                        if (i == 0) moveTo(pt.x.toFloat() * s, pt.y.toFloat() * s) else lineTo(pt.x.toFloat() * s, pt.y.toFloat() * s)
                    }
                    close()
                }
                for (shape in map.shapes) {
                    if (shape is app.fascia.core.Shape.Area && shape.role == app.fascia.core.Role.OUTLINE) drawPath(outline(shape.points), p.bar)
                }
                for (r in regions) {
                    val level = levels[r.zone to r.side]
                    val fill = if (level == null) p.primary.copy(alpha = 0.25f) else p.primary.copy(alpha = 0.3f + level / 15f)
                    val path = outline(r.points)
                    drawPath(path, fill)
                    drawPath(path, if (r == selected) p.ink else p.primary, style = Stroke(width = if (r == selected) 3f else 1f))
                }
            },
    ) {
        val dp = maxWidth / w
        for (r in regions) {
            val label = remember(r) { place(r.zone, r.side) }
            val level = levels[r.zone to r.side]
            Box(
                Modifier.offset(x = dp * r.left.toFloat(), y = dp * r.top.toFloat())
                    .size(width = dp * r.width.toFloat(), height = dp * r.height.toFloat())
                    .semantics {
                        contentDescription = label
                        role = Role.Button
                        this.selected = r == selected
                        level?.let { stateDescription = sorenessLevelText(it.toUByte()) }
                        onClick { onTap(r); true }
                    },
            )
        }
    }
}

// ---- plan, report, zones ---------------------------------------------------------------------

@Composable
private fun PlanScreen(state: UiState, model: AppModel) {
    val plan = state.plan ?: return Centered(stringResource(R.string.loading))
    LazyColumn(Modifier.padding(horizontal = 16.dp)) {
        item {
            Title(stringResource(R.string.your_season))
            if (plan.races.isEmpty()) Text(remember { phraseText(Phrase.NO_RACES) })
            val today = state.today?.date
            plan.kickoff?.let {
                Panel {
                    Text(kickoffText(it, today ?: it), fontWeight = FontWeight.SemiBold)
                }
            }
        }
        items(plan.races) { r ->
            Panel {
                Text(stringResource(R.string.session_progress, r.name, priorityText(r.priority)), fontSize = 18.sp, fontWeight = FontWeight.SemiBold)
                Text(inWords(r.date), fontWeight = FontWeight.SemiBold)
                peakText(r)?.let { Text(it) }
                // The pre-peak bodywork session: booked, to book by its day, or overdue, as the core
                // says; while it is not booked, booked from here (a day, then a time).
                state.today?.date?.let { today -> bodyworkDueText(r, today) }?.let {
                    Text(it, color = if (r.bodyworkBooked != null) Ink else Danger)
                    if (r.bodyworkBooked == null) BookButton(r.bodyworkBy ?: state.today?.date, r.raceId) { at ->
                        model.addBodywork(app.fascia.core.NewBodywork(at, Catalog.bodyworkMinutes))
                    }
                }
                taperText(r)?.let { Text(it) }
                Text(raceWeekText(r))
            }
        }
        item {
            Section(stringResource(R.string.bodywork_by_month))
            val month = state.today?.date?.let { it.year * 12 + it.monthValue } ?: 0
            for (m in plan.bodyworkMonths.filter { it.year * 12 + it.month.toInt() >= month }) {
                Text(bodyworkMonthText(m))
            }
        }
    }
}

/** "Book a 45-minute session" (the core's words): the platform's date picker (from the day the
 *  plan asks for), then its time picker; the appointment is booked at that local time. */
@Composable
private fun BookButton(by: java.time.LocalDate?, id: String, book: (java.time.Instant) -> Unit) {
    val context = LocalContext.current
    val day = by ?: localToday()
    OutlinedButton(
        onClick = { pickDateTime(context, day.atTime(9, 0), book) },
        modifier = Modifier.padding(vertical = 4.dp).testTag("book-$id"),
    ) { Text(bookBodyworkText()) }
}

@Composable
private fun ReportScreen(state: UiState) {
    val report = state.report ?: return Centered(stringResource(R.string.loading))
    LazyColumn(Modifier.padding(horizontal = 16.dp)) {
        item {
            Title(stringResource(R.string.your_numbers))
            val p = report.personal
            if (p == null) {
                Text(remember { phraseText(Phrase.REPORT_NOT_YET) })
            } else {
                Text(remember(p) { reportWindowsText(p) }, color = Muted)
                Row(Modifier.fillMaxWidth().padding(top = 8.dp)) {
                    Text("", Modifier.weight(1.8f))
                    for (h in listOf(R.string.column_first, R.string.column_latest, R.string.column_change)) {
                        Text(stringResource(h), Modifier.weight(1f), fontWeight = FontWeight.SemiBold, textAlign = TextAlign.End)
                    }
                }
                HorizontalDivider()
                for (row in p.rows) {
                    Row(Modifier.fillMaxWidth().padding(vertical = 6.dp)) {
                        Text(metricText(row.metric), Modifier.weight(1.8f))
                        Cell(row.baseline, Modifier.weight(1f))
                        Cell(row.recent, Modifier.weight(1f))
                        Text(row.change?.let { "%+.1f".format(it) } ?: "–", Modifier.weight(1f), textAlign = TextAlign.End, fontSize = 18.sp)
                    }
                    HorizontalDivider(color = Stone)
                }
                Text(remember { phraseText(Phrase.REPORT_CAVEAT) }, fontSize = 12.sp, color = Muted)
            }
            if (report.trends.isNotEmpty()) Section(remember { phraseText(Phrase.SORENESS_TRENDS) })
            for (t in report.trends) {
                Row(Modifier.fillMaxWidth().padding(vertical = 3.dp), verticalAlignment = Alignment.CenterVertically) {
                    Text(zoneName(t.zone), Modifier.weight(1.6f))
                    // The trend in the core's words, after its arrow.
                    val arrow = when (t.trend) {
                        app.fascia.core.Trend.RISING -> "↗ "
                        app.fascia.core.Trend.FALLING -> "↘ "
                        app.fascia.core.Trend.STEADY -> "→ "
                        app.fascia.core.Trend.UNKNOWN -> ""
                    }
                    Text(
                        arrow + trendText(t.trend),
                        Modifier.weight(1.2f),
                        color = if (t.trend == app.fascia.core.Trend.RISING) Danger else Ink,
                    )
                    Text(
                        stringResource(R.string.with_zone, t.avg7d?.let { "%.1f".format(it) } ?: "–", stringResource(R.string.data_points, t.n7d.toInt())),
                        Modifier.weight(1f), textAlign = TextAlign.End,
                    )
                }
            }
            Section(remember { phraseText(Phrase.DOWNTIME_CHART) })
            Bars(report.weeklyDowntime.map { it.week to it.value }, Danger, "chart-downtime")
            Section(remember { phraseText(Phrase.SESSIONS_CHART) })
            Bars(report.weeklySessions.map { it.week to it.value }, Rust, "chart-sessions")
            Text(streakText(report.streak), modifier = Modifier.padding(top = 12.dp))
            for (flag in report.safety) Safety(flag)
            Spacer(Modifier.height(24.dp))
        }
    }
}

/** A figure with the number of data points it stands on. */
@Composable
private fun Cell(c: app.fascia.core.Cell, modifier: Modifier) = Column(modifier, horizontalAlignment = Alignment.End) {
    Text(c.value?.let { "%.1f".format(it) } ?: "–", fontSize = 18.sp, fontWeight = FontWeight.SemiBold)
    Text(stringResource(R.string.data_points, c.n.toInt()), fontSize = 12.sp, color = Muted)
}

/**
 * A bar chart, twelve weeks, oldest first: a value axis (0 to the highest week), each bar with
 * its value over it and its week (the Monday) under it. Each week is also a node for TalkBack.
 */
@Composable
private fun Bars(weeks: List<Pair<java.time.LocalDate, Double>>, color: Color, tag: String) {
    val max = (weeks.maxOfOrNull { it.second } ?: 0.0).coerceAtLeast(1.0)
    val axis = Ink
    val label = DateTimeFormatter.ofPattern("d MMM")
    fun number(v: Double) = if (v == Math.floor(v)) "%.0f".format(v) else "%.1f".format(v)
    Row(Modifier.fillMaxWidth().background(CardColor, RoundedCornerShape(8.dp)).padding(8.dp).testTag(tag)) {
        // The value axis: its top and zero.
        Column(Modifier.height(120.dp).padding(end = 4.dp), verticalArrangement = Arrangement.SpaceBetween, horizontalAlignment = Alignment.End) {
            Text(number(max), fontSize = 11.sp, color = Muted)
            Text("0", fontSize = 11.sp, color = Muted)
        }
        Column(Modifier.weight(1f)) {
            Row(Modifier.fillMaxWidth().height(120.dp).drawBehind {
                drawLine(axis, Offset(0f, 0f), Offset(0f, size.height), strokeWidth = 2f)
                drawLine(axis, Offset(0f, size.height), Offset(size.width, size.height), strokeWidth = 2f)
            }) {
                for ((week, v) in weeks) {
                    val spoken = stringResource(R.string.labelled, week.format(label), number(v))
                    Column(
                        Modifier.weight(1f).fillMaxSize().semantics(mergeDescendants = true) {
                            contentDescription = spoken
                        },
                        verticalArrangement = Arrangement.Bottom, horizontalAlignment = Alignment.CenterHorizontally,
                    ) {
                        Text(number(v), fontSize = 10.sp, color = Ink, maxLines = 1)
                        Box(Modifier.fillMaxWidth(0.7f).fillMaxHeight((v / max).toFloat().coerceIn(0f, 1f) * 0.8f).background(color))
                    }
                }
            }
            Row(Modifier.fillMaxWidth()) {
                weeks.forEachIndexed { i, (week, _) ->
                    // Every other Monday, the latest among them, so that the labels fit.
                    Text(if ((weeks.size - 1 - i) % 2 == 0) week.format(label) else "", Modifier.weight(1f), fontSize = 10.sp, color = Muted, maxLines = 1, textAlign = TextAlign.Center)
                }
            }
        }
    }
}

@Composable
private fun ZonesScreen() {
    LazyColumn(Modifier.padding(horizontal = 16.dp)) {
        item { Title(stringResource(R.string.zones_title)); BodyMap(emptyMap(), null) {} }
        items(Catalog.zones.values.toList()) { z ->
            Panel {
                Text(z.name, fontSize = 18.sp, fontWeight = FontWeight.SemiBold)
                // Each protocol's pressure and hold, in the core's words.
                Text(remember(z) { zoneDoseText(z, false) })
                Text(remember(z) { zoneDoseText(z, true) })
                Text(stringResource(R.string.tempo, z.tempo))
                for (c in z.cautions) Text("⚠ $c", color = Danger)
            }
        }
    }
}

// ---- settings, data, restore --------------------------------------------------------------------

@Composable
private fun SettingsScreen(state: UiState, model: AppModel, actions: Actions) {
    val settings = state.settings ?: return Centered(stringResource(R.string.loading))
    LazyColumn(Modifier.padding(horizontal = 16.dp)) {
        item {
            Title(stringResource(R.string.settings))
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedButton(onClick = { model.show(Screen.LOGS) }, Modifier.testTag("open-logs")) { Text(stringResource(R.string.your_log)) }
                OutlinedButton(onClick = { model.show(Screen.ZONES) }) { Text(stringResource(R.string.zones_and_chart)) }
                OutlinedButton(onClick = { model.show(Screen.DATA) }) { Text(stringResource(R.string.data)) }
            }
            Section(stringResource(R.string.section_daily_reminder))
            TimeButton(stringResource(R.string.reminder_at), settings.reminderTime, "reminder-time", Modifier.fillMaxWidth()) {
                model.saveSettings(settings.copy(reminderTime = it))
            }
            val quiet = settings.quietHours ?: app.fascia.core.QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))
            QuietHoursButtons(quiet.start, quiet.end) { from, until ->
                model.saveSettings(settings.copy(quietHours = app.fascia.core.QuietHours(from, until)))
            }
            Section(stringResource(R.string.distances))
            CueSwitch(stringResource(R.string.show_miles), settings.units == app.fascia.core.Units.IMPERIAL) {
                model.saveSettings(settings.copy(units = if (it) app.fascia.core.Units.IMPERIAL else app.fascia.core.Units.METRIC))
            }
            Section(stringResource(R.string.cues_during_routine))
            CueSwitch(stringResource(R.string.voice), state.cues.voice) { model.saveCues(state.cues.copy(voice = it)) }
            CueSwitch(stringResource(R.string.vibration), state.cues.vibration) { model.saveCues(state.cues.copy(vibration = it)) }
            CueSwitch(stringResource(R.string.tone), state.cues.tone) { model.saveCues(state.cues.copy(tone = it)) }
            Section(stringResource(R.string.reminders_arrive))
            val health = state.health
            if (health == null) Text(stringResource(R.string.checking))
            else {
                Text(reminderSummaryText(health))
                if (health.warnings.isEmpty()) Text(stringResource(R.string.everything_set), color = Good)
                for (w in health.warnings) {
                    Text("• ${healthWarningText(w)}", color = Danger)
                    when (w) {
                        app.fascia.core.HealthWarning.NOTIFICATIONS_OFF ->
                            OutlinedButton(onClick = actions.askNotifications) { Text(stringResource(R.string.allow_notifications)) }
                        app.fascia.core.HealthWarning.EXACT_ALARMS_OFF ->
                            OutlinedButton(onClick = { actions.openSettings(android.provider.Settings.ACTION_REQUEST_SCHEDULE_EXACT_ALARM) }) { Text(stringResource(R.string.allow_exact_alarms)) }
                        app.fascia.core.HealthWarning.BATTERY_RESTRICTED ->
                            OutlinedButton(onClick = { actions.openSettings(android.provider.Settings.ACTION_IGNORE_BATTERY_OPTIMIZATION_SETTINGS) }) { Text(stringResource(R.string.battery_settings)) }
                        else -> {}
                    }
                }
            }
            Spacer(Modifier.height(24.dp))
        }
    }
}

/** Quiet hours: from and until, each with the time picker. */
@Composable
private fun QuietHoursButtons(from: LocalTime, until: LocalTime, set: (LocalTime, LocalTime) -> Unit) {
    FlowRowOf {
        TimeButton(stringResource(R.string.quiet_from), from, "quiet-from") { set(it, until) }
        TimeButton(stringResource(R.string.quiet_until), until, "quiet-until") { set(from, it) }
    }
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun FlowRowOf(content: @Composable () -> Unit) =
    FlowRow(Modifier.fillMaxWidth().padding(vertical = 4.dp), horizontalArrangement = Arrangement.spacedBy(8.dp)) { content() }

@Composable
private fun CueSwitch(label: String, on: Boolean, set: (Boolean) -> Unit) = Row(
    Modifier.fillMaxWidth(), verticalAlignment = Alignment.CenterVertically,
) { Text(label, Modifier.weight(1f), fontSize = 18.sp); Switch(checked = on, onCheckedChange = set) }

@Composable
private fun DataScreen(state: UiState, model: AppModel, actions: Actions) {
    Column(Modifier.padding(16.dp)) {
        Title(stringResource(R.string.your_data))
        Text(stringResource(R.string.data_about))
        Button(onClick = actions.export, modifier = Modifier.padding(top = 12.dp)) { Text(stringResource(R.string.export_file)) }
        OutlinedButton(onClick = actions.import, modifier = Modifier.padding(top = 8.dp)) { Text(stringResource(R.string.import_file)) }
        Text(stringResource(R.string.import_about), fontSize = 13.sp, color = Muted)
        Section(stringResource(R.string.backups_here))
        if (state.logs.backups.isEmpty()) Text(stringResource(R.string.first_backup_tomorrow), color = Muted)
        for (b in state.logs.backups) {
            Row(Modifier.fillMaxWidth(), verticalAlignment = Alignment.CenterVertically) {
                Text(stringResource(R.string.backup_size, b.id, (b.sizeBytes / 1024u).toInt()), Modifier.weight(1f))
                TextButton(onClick = { model.restoreBackup(b.id) }) { Text(stringResource(R.string.restore)) }
            }
        }
    }
}

@Composable
private fun RestoreScreen(state: UiState, model: AppModel) {
    val damaged = state.damaged
    Column(Modifier.padding(20.dp).testTag("restore")) {
        Title(stringResource(R.string.needs_repair))
        Text(stringResource(R.string.damaged_about))
        if (damaged?.newestBackup != null) {
            Text(stringResource(R.string.newest_backup, damaged.newestBackup!!), modifier = Modifier.padding(vertical = 12.dp))
            Button(onClick = { model.restore(damaged.newestBackup!!) }, modifier = Modifier.fillMaxWidth().heightIn(min = 56.dp).testTag("restore-backup")) {
                Text(stringResource(R.string.restore_backup), fontSize = 18.sp)
            }
        } else {
            Text(stringResource(R.string.no_backup), modifier = Modifier.padding(vertical = 12.dp))
        }
    }
}

// ---- the log: everything entered, corrected or deleted ------------------------------------------

@Composable
private fun LogsScreen(state: UiState, model: AppModel, actions: Actions) {
    val logs = state.logs
    val context = LocalContext.current
    val units = state.settings?.units ?: app.fascia.core.Units.METRIC
    val day = DateTimeFormatter.ofPattern("EEE d MMM HH:mm")
    val zoneWords = @Composable { i: java.time.Instant, tz: String? ->
        val at = i.atZone(ZoneId.of(tz ?: Journals.clock.zone())).format(day)
        if (tz != null && tz != Journals.clock.zone()) stringResource(R.string.with_zone, at, tz) else at
    }
    var raceName by remember { mutableStateOf("") }
    var raceDate by remember { mutableStateOf<java.time.LocalDate?>(null) }
    var priority by remember { mutableStateOf(app.fascia.core.RacePriority.A) }
    var downDate by remember { mutableStateOf<java.time.LocalDate?>(null) }
    var downHours by remember { mutableStateOf("") }
    var bwAt by remember { mutableStateOf<java.time.Instant?>(null) }
    var editing by remember { mutableStateOf<app.fascia.core.Run?>(null) }
    var editDistance by remember { mutableStateOf("") }
    var editMin by remember { mutableStateOf("") }
    // Another entry being corrected: its id and one text field (hours or a level). Dates and
    // times are corrected with the platform's pickers, never typed.
    var editId by remember { mutableStateOf<String?>(null) }
    var editText by remember { mutableStateOf("") }
    LazyColumn(Modifier.padding(horizontal = 16.dp).testTag("logs")) {
        item { Title(stringResource(R.string.your_log)) ; Section(stringResource(R.string.races)) }
        items(logs.races) { r ->
            Entry(
                listOf(r.name, priorityText(r.priority), inWords(r.date)).joinToString(" · "), "race-${r.id}",
                onEdit = { pickDate(context, r.date) { d -> model.editRace(r.id, app.fascia.core.NewRace(r.name, d, r.distanceM, r.priority)) } },
            ) { model.delete(app.fascia.core.RecordKind.RACE, r.id) }
        }
        item {
            Field(raceName, { raceName = it }, stringResource(R.string.race_name))
            DateButton(stringResource(R.string.date), raceDate, "race-date", Modifier.fillMaxWidth()) { raceDate = it }
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalAlignment = Alignment.CenterVertically) {
                for (p in app.fascia.core.RacePriority.entries) {
                    TextButton(onClick = { priority = p }) { Text(priorityText(p), fontWeight = if (p == priority) FontWeight.Bold else FontWeight.Normal, color = if (p == priority) Rust else Ink) }
                }
            }
            OutlinedButton(
                onClick = { model.addRace(app.fascia.core.NewRace(raceName.trim(), raceDate!!, null, priority)); raceName = ""; raceDate = null },
                enabled = raceName.isNotBlank() && raceDate != null, modifier = Modifier.testTag("add-race"),
            ) { Text(stringResource(R.string.add_race)) }
            Section(stringResource(R.string.runs))
            // Runs from the watch: Health Connect, or its files through the document picker.
            Text(stringResource(R.string.runs_import_about), fontSize = 13.sp, color = Muted)
            FlowRowOf {
                OutlinedButton(onClick = { model.readHealthRuns() }, Modifier.testTag("read-health")) { Text(stringResource(R.string.read_health)) }
                OutlinedButton(onClick = actions.importRuns, Modifier.testTag("import-runs")) { Text(stringResource(R.string.import_run_files)) }
            }
        }
        items(logs.runs) { r ->
            Column {
                // Distances in the runner's units, lengths and kinds as the core writes them.
                Entry(listOf(zoneWords(r.startedAt, r.timeZone), distanceText(units, r.distanceM), durationText(r.durationS), runKindText(r.kind)).joinToString(" · "), "run-${r.id}", onEdit = {
                    editing = r; editDistance = distanceNumber(units, r.distanceM); editMin = "${r.durationS / 60u}"
                }) { model.delete(app.fascia.core.RecordKind.RUN, r.id) }
                if (editing == r) {
                    Row(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalAlignment = Alignment.CenterVertically) {
                        Field(editDistance, { editDistance = it }, distanceLabel(units), Modifier.weight(1f))
                        Field(editMin, { editMin = it }, stringResource(R.string.minutes), Modifier.weight(1f))
                        TextButton(onClick = {
                            val k = editDistance.toDoubleOrNull(); val m = editMin.toDoubleOrNull()
                            if (k != null && m != null) { model.editRun(r, k, m); editing = null }
                        }) { Text(stringResource(R.string.save)) }
                    }
                }
            }
        }
        item { Section(stringResource(R.string.soreness)) }
        items(logs.soreness) { s ->
            Entry(listOf(zoneWords(s.at, s.timeZone), place(s.zone, s.side), sorenessLevelText(s.level)).joinToString(" · "), "soreness-${s.id}", onEdit = { editId = s.id; editText = s.level.toString() }) { model.delete(app.fascia.core.RecordKind.SORENESS, s.id) }
            if (editId == s.id) Editor(editText, { editText = it }, Catalog.soreness.fieldLabel) {
                editText.toIntOrNull()?.let { model.editSoreness(s, it); editId = null }
            }
        }
        item { Section(stringResource(R.string.downtime_section)) }
        items(logs.downtime) { d ->
            Entry(listOfNotNull(inWords(d.date), downtimeText(d.minutes), d.zone?.let { zoneName(it) }).joinToString(" · "), "downtime-${d.id}", onEdit = { editId = d.id; editText = "%.1f".format(d.minutes.toDouble() / 60) }) { model.delete(app.fascia.core.RecordKind.DOWNTIME, d.id) }
            if (editId == d.id) Editor(editText, { editText = it }, stringResource(R.string.hours)) {
                editText.toDoubleOrNull()?.let { h -> model.editDowntime(d.id, app.fascia.core.NewDowntime(d.date, (h * 60).toUInt(), d.zone)); editId = null }
            }
        }
        item {
            DateButton(stringResource(R.string.date), downDate, "downtime-date", Modifier.fillMaxWidth()) { downDate = it }
            Field(downHours, { downHours = it }, stringResource(R.string.hours))
            val h = downHours.toDoubleOrNull()
            OutlinedButton(
                onClick = { model.addDowntime(app.fascia.core.NewDowntime(downDate!!, (h!! * 60).toUInt(), null)); downDate = null; downHours = "" },
                enabled = downDate != null && h != null, modifier = Modifier.testTag("log-downtime"),
            ) { Text(stringResource(R.string.log_downtime)) }
            Section(stringResource(R.string.bodywork_appointments))
        }
        items(logs.bodywork) { b ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = b.done, onCheckedChange = { model.setBodyworkDone(b.id, it) })
                Entry(
                    "${zoneWords(b.at, b.timeZone)} · ${bodyworkText(b)}", "bodywork-${b.id}",
                    onEdit = {
                        val local = b.at.atZone(ZoneId.of(b.timeZone ?: Journals.clock.zone())).toLocalDateTime()
                        pickDateTime(context, local) { at -> model.editBodywork(b.id, app.fascia.core.NewBodywork(at, b.minutes)) }
                    },
                ) { model.delete(app.fascia.core.RecordKind.BODYWORK, b.id) }
            }
        }
        item {
            DateTimeButton(stringResource(R.string.appointment_at), bwAt, "bodywork-at", Modifier.fillMaxWidth()) { bwAt = it }
            // An appointment of the core's session length, named by the core.
            OutlinedButton(onClick = { model.addBodywork(app.fascia.core.NewBodywork(bwAt!!, Catalog.bodyworkMinutes)); bwAt = null }, enabled = bwAt != null, modifier = Modifier.testTag("book-bodywork")) {
                Text(bookBodyworkText())
            }
            Spacer(Modifier.height(24.dp))
        }
    }
}

@Composable
private fun Editor(value: String, onChange: (String) -> Unit, label: String, save: () -> Unit) {
    Row(verticalAlignment = Alignment.CenterVertically) {
        Field(value, onChange, label, Modifier.weight(1f).testTag("editor"))
        TextButton(onClick = save, modifier = Modifier.testTag("save-edit")) { Text(stringResource(R.string.save)) }
    }
}

@Composable
private fun Entry(text: String, tag: String, onEdit: (() -> Unit)? = null, onDelete: () -> Unit) {
    Row(Modifier.fillMaxWidth().padding(vertical = 2.dp), verticalAlignment = Alignment.CenterVertically) {
        Text(text, Modifier.weight(1f))
        onEdit?.let { TextButton(onClick = it, modifier = Modifier.testTag("edit-$tag")) { Text(stringResource(R.string.edit)) } }
        TextButton(onClick = onDelete, modifier = Modifier.testTag("delete-$tag")) { Text(stringResource(R.string.delete), color = Danger) }
    }
}

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
import app.fascia.stepKindText
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
                    Screen.LOGS -> LogsScreen(state, model)
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
    ) { Text("$label  $shown", fontSize = 18.sp) }
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
    var raceDate by remember { mutableStateOf("") }
    var tools by remember { mutableStateOf(setOf(Tool.FOAM_ROLLER, Tool.BALL)) }
    val date = runCatching { java.time.LocalDate.parse(raceDate) }.getOrNull()
    val raceOk = raceName.isBlank() || date != null
    val valid = raceOk
    LazyColumn(Modifier.padding(20.dp)) {
        item {
            Title("Welcome to Fascia")
            // The routine's length is the core's daily budget.
            Text("A guided self-release routine of under ${Catalog.dailyMinutes} minutes, reminders before race season, and your own soreness numbers. Everything stays on this phone.")
            Section("What do you have with you?")
        }
        items(Tool.entries.filter { it != Tool.HANDS }) { tool ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = tool in tools, onCheckedChange = { on -> tools = if (on) tools + tool else tools - tool })
                Text(toolText(tool), fontSize = 18.sp)
            }
        }
        item {
            Text("Your hands always count.", color = Muted)
            Section("Daily reminder")
            TimeButton(stringResource(R.string.reminder_at), time, "reminder-time", Modifier.fillMaxWidth()) { time = it }
            QuietHoursButtons(quietFrom, quietTo) { from, until -> quietFrom = from; quietTo = until }
            Text("No reminder rings in quiet hours: one due then waits until they end.", color = Muted)
            Section("Your goal race (optional)")
            Field(raceName, { raceName = it }, "Name, e.g. Spring Marathon")
            Field(raceDate, { raceDate = it }, "Date (YYYY-MM-DD)")
            if (!raceOk) Text("Write the date as 2027-04-18, or leave the name empty", color = Danger)
            Section("Notifications")
            Text("Fascia reminds you with notifications. On Android 13 and later it asks first; reminders come at the exact minute when the phone allows exact alarms, otherwise within 10 minutes.")
            OutlinedButton(onClick = actions.askNotifications, modifier = Modifier.padding(top = 8.dp)) { Text("Allow notifications") }
            Text("More races later under More → Your log.", modifier = Modifier.padding(top = 12.dp), color = Muted)
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
            ) { Text("Start", fontSize = 20.sp) }
        }
    }
}

// ---- today ----------------------------------------------------------------------------------

@Composable
@OptIn(ExperimentalLayoutApi::class)
private fun TodayScreen(state: UiState, model: AppModel) {
    val today = state.today ?: return Centered("Loading today…")
    val routine = today.routine
    LazyColumn(Modifier.padding(horizontal = 16.dp).testTag("today")) {
        item {
            Title("Today, ${today.date.format(DateTimeFormatter.ofPattern("EEEE d MMMM"))}")
            for (flag in today.safety) Safety(flag)
            // The check-in the core keeps open after a long run or a race, with its question.
            today.checkIn?.let { checkIn ->
                Card(
                    Modifier.fillMaxWidth().padding(bottom = 8.dp).clickable { model.show(Screen.CHECK_IN) }.testTag("check-in-card"),
                    colors = CardDefaults.cardColors(containerColor = Stone),
                ) {
                    Column(Modifier.padding(12.dp)) {
                        Text(checkIn.question, fontWeight = FontWeight.SemiBold)
                        Text("A 10-second check-in shapes tomorrow's routine. Tap to rate.")
                    }
                }
            }
            Button(
                onClick = { model.startRoutine() },
                modifier = Modifier.fillMaxWidth().heightIn(min = 72.dp).testTag("start-routine"),
                shape = RoundedCornerShape(16.dp),
            ) {
                // The routine's length in the core's words ("12 min"), never a clock time.
                val length = remember(routine.totalS) { durationText(routine.totalS) }
                Text(
                    if (today.activeSession != null) "Resume your routine"
                    else if (today.doneToday) "Again: $length routine"
                    else "Start today's routine · $length",
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
                ) { Text("Guided bodywork session", fontSize = 18.sp) }
            }
            FlowRow(Modifier.fillMaxWidth().padding(vertical = 8.dp), horizontalArrangement = Arrangement.SpaceBetween) {
                Text(streakText(today.streak), modifier = Modifier.padding(end = 12.dp).testTag("streak"))
                today.nextReminder?.let {
                    Text("Next reminder ${it.local.format(DateTimeFormatter.ofPattern("EEE HH:mm"))}")
                }
            }
            Section("${routine.zones.size} zones, and why")
        }
        items(routine.zones) { z ->
            Panel {
                Text(zoneName(z.zone), fontSize = 18.sp, fontWeight = FontWeight.SemiBold)
                val holds = if (!z.sided && z.side != Side.BOTH) "${sideText(z.side)} only: ${z.holdS} s"
                else if (!z.sided) "${z.holdS} s" else if (z.side == Side.BOTH) "${z.holdS} s each side"
                else "${sideText(z.side)} first: ${z.holdS} s, then ${z.otherHoldS ?: z.holdS} s on the other"
                Text(holds)
                Text(app.fascia.reasonText(z.reason), color = Muted)
            }
        }
        val resting = routine.omitted.filter { it.why == Omission.REST || it.why == Omission.NEXT_TO_REST }
        items(resting) { o ->
            Panel { Text("${place(o.zone, o.side)} rests today", fontWeight = FontWeight.SemiBold); Text(omittedText(o)) }
        }
        item {
            Section("This week")
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
    val next = steps.drop(index + 1).firstOrNull { it.kind == StepKind.HOLD }
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
            val what = remember(step.kind) { stepKindText(step.kind) }
            Text(where, fontSize = 34.sp, fontWeight = FontWeight.Bold, textAlign = TextAlign.Center)
            Text(what, fontSize = 24.sp, color = Rust, fontWeight = FontWeight.SemiBold)
            // The count-down is as large as the screen allows already: it does not grow with the font.
            Text(
                minutes(((snap.stepRemainingMs + 999u) / 1000u).toUInt()),
                fontSize = with(LocalDensity.current) { 112.dp.toSp() }, fontWeight = FontWeight.Black,
                maxLines = 1, modifier = Modifier.testTag("countdown"),
            )
            LinearProgressIndicator(progress = { snap.stepProgress.toFloat() }, modifier = Modifier.fillMaxWidth().height(12.dp))
            Text(
                if (step.kind == StepKind.HOLD) zone?.technique?.firstOrNull().orEmpty() else zone?.position.orEmpty(),
                fontSize = 20.sp, textAlign = TextAlign.Center, modifier = Modifier.padding(vertical = 12.dp),
            )
            // The day's pressure (light around a race), in the core's words.
            val pressure = session.routine().zones.firstOrNull { it.zone == step.zone }?.pressure ?: 0u
            if (step.kind == StepKind.HOLD && pressure > 0u) {
                Text(app.fascia.pressureText(pressure), fontSize = 20.sp, fontWeight = FontWeight.SemiBold, textAlign = TextAlign.Center)
            }
            Text(
                stringResource(
                    R.string.session_progress, stringResource(R.string.step_of, index + 1, steps.size),
                    stringResource(R.string.time_left, minutes(((snap.sessionRemainingMs) / 1000u).toUInt())),
                ),
                fontSize = 18.sp, textAlign = TextAlign.Center,
            )
            LinearProgressIndicator(progress = { snap.sessionProgress.toFloat() }, modifier = Modifier.fillMaxWidth().padding(vertical = 6.dp), color = Ink)
            val nextPlace = remember(next) { next?.let { stepPlace(it) } }
            nextPlace?.let { Text(stringResource(R.string.next_place, it), fontSize = 18.sp, color = Muted) }
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
            Title(state.today?.checkIn?.question ?: "How do your legs feel?")
            // The scale and its words are the core's.
            Text(Catalog.soreness.hint, color = Muted)
            BodyMap(state.checkIn, selected) { selected = it }
            selected?.let { r ->
                Text(place(r.zone, r.side), fontSize = 20.sp, fontWeight = FontWeight.SemiBold)
                Levels(state.checkIn[r.zone to r.side]) { level -> model.rate(r.zone, r.side, level) }
            }
            for ((key, level) in state.checkIn) {
                Text("${place(key.first, key.second)}: ${sorenessLevelText(level.toUByte())}", fontSize = 18.sp)
            }
            Button(
                onClick = { model.saveCheckIn() }, modifier = Modifier.fillMaxWidth().padding(top = 12.dp).heightIn(min = 56.dp).testTag("save-check-in"),
            ) { Text("Save check-in", fontSize = 18.sp) }
            Section("Log a run")
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                // Typed in the runner's units; the core turns it into metres.
                Field(distance, { distance = it }, distanceLabel(units), Modifier.weight(1f).testTag("distance"))
                Field(mins, { mins = it }, "Minutes", Modifier.weight(1f).testTag("minutes"))
            }
            val k = distance.toDoubleOrNull()
            val m = mins.toDoubleOrNull()
            // The runner says whether it was a long run; the core counts a longer run as long anyway.
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = long, onCheckedChange = { long = it }, modifier = Modifier.testTag("long-run"))
                Text("Long run", fontSize = 18.sp)
            }
            OutlinedButton(
                onClick = { if (k != null && m != null) model.logRun(k, m, long) },
                enabled = k != null && m != null, modifier = Modifier.padding(top = 8.dp),
            ) { Text("Log run") }
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
 * The core's body map (front and back), drawn; each ellipse a zone and side, tapped to rate it.
 * Each region is also a node of its own for TalkBack and switch access: its place in the core's
 * words (`Calves, left`), its level if rated, and a click that selects it.
 */
@Composable
fun BodyMap(levels: Map<Pair<String, Side>, Int>, selected: app.fascia.core.MapRegion?, onTap: (app.fascia.core.MapRegion) -> Unit) {
    val regions = Catalog.regions
    val p = LocalPalette.current
    BoxWithConstraints(
        Modifier.fillMaxWidth().aspectRatio(440f / 500f).padding(vertical = 8.dp).testTag("body-map")
            .pointerInput(regions) {
                detectTapGestures { t ->
                    val scale = size.width / 440f
                    val x = t.x / scale
                    val y = t.y / scale
                    regions.filter { it.contains(x.toDouble(), y.toDouble()) }.firstOrNull()?.let(onTap)
                        ?: regions.minByOrNull { (it.cx - x) * (it.cx - x) + (it.cy - y) * (it.cy - y) }?.let(onTap)
                }
            }
            .drawBehind {
                val s = size.width / 440f
                for (cx in listOf(110f, 330f)) {
                    drawCircle(p.bar, radius = 22 * s, center = Offset(cx * s, 42 * s))
                    drawRoundRect(p.bar, topLeft = Offset((cx - 44) * s, 72 * s), size = Size(88 * s, 124 * s))
                    for (leg in listOf(-1, 1)) {
                        drawRoundRect(p.bar, topLeft = Offset((cx + leg * 20 - 17) * s, 186 * s), size = Size(34 * s, 256 * s))
                        drawRoundRect(p.bar, topLeft = Offset((cx + leg * 52 - 7) * s, 80 * s), size = Size(14 * s, 150 * s))
                    }
                }
                for (r in regions) {
                    val level = levels[r.zone to r.side]
                    val fill = if (level == null) p.primary.copy(alpha = 0.25f) else p.primary.copy(alpha = 0.3f + level / 15f)
                    val topLeft = Offset(((r.cx - r.rx) * s).toFloat(), ((r.cy - r.ry) * s).toFloat())
                    val oval = Size((2 * r.rx * s).toFloat(), (2 * r.ry * s).toFloat())
                    drawOval(fill, topLeft, oval)
                    drawOval(if (r == selected) p.ink else p.primary, topLeft, oval, style = Stroke(width = if (r == selected) 3f else 1f))
                }
            },
    ) {
        val dp = maxWidth / 440f
        for (r in regions) {
            val label = remember(r) { place(r.zone, r.side) }
            val level = levels[r.zone to r.side]
            Box(
                Modifier.offset(x = dp * (r.cx - r.rx).toFloat(), y = dp * (r.cy - r.ry).toFloat())
                    .size(width = dp * (2 * r.rx).toFloat(), height = dp * (2 * r.ry).toFloat())
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

private fun app.fascia.core.MapRegion.contains(x: Double, y: Double): Boolean {
    val dx = (x - cx) / rx
    val dy = (y - cy) / ry
    return dx * dx + dy * dy <= 1.0
}

// ---- plan, report, zones ---------------------------------------------------------------------

@Composable
private fun PlanScreen(state: UiState, model: AppModel) {
    val plan = state.plan ?: return Centered("Loading your season…")
    LazyColumn(Modifier.padding(horizontal = 16.dp)) {
        item {
            Title("Your season")
            if (plan.races.isEmpty()) Text("No races yet. Add one with its date and priority (A is the goal race).")
            val today = state.today?.date
            plan.kickoff?.let {
                Panel {
                    Text(stringResource(if (today != null && it < today) R.string.kickoff_was else R.string.kickoff, inWords(it)), fontWeight = FontWeight.SemiBold)
                    Text("Begin the daily routine")
                }
            }
        }
        items(plan.races) { r ->
            Panel {
                Text("${r.name} · ${r.priority}", fontSize = 18.sp, fontWeight = FontWeight.SemiBold)
                Text(inWords(r.date), fontWeight = FontWeight.SemiBold)
                r.peak?.let { Text(stringResource(R.string.peak_training, inWords(it.from), inWords(it.to))) }
                // The pre-peak bodywork session: booked, to book by its day, or overdue, as the core
                // says; while it is not booked, booked from here (a day, then a time).
                state.today?.date?.let { today -> bodyworkDueText(r, today) }?.let {
                    Text(it, color = if (r.bodyworkBooked != null) Ink else Danger)
                    if (r.bodyworkBooked == null) BookButton(r.bodyworkBy ?: state.today?.date, r.raceId) { at ->
                        model.addBodywork(app.fascia.core.NewBodywork(at, Catalog.bodyworkMinutes))
                    }
                }
                r.taperFrom?.let { Text(stringResource(R.string.taper_from, inWords(it))) }
                Text(raceWeekText(r))
            }
        }
        item {
            Section("Bodywork, month by month")
            val month = state.today?.date?.let { it.year * 12 + it.monthValue } ?: 0
            for (m in plan.bodyworkMonths.filter { it.year * 12 + it.month.toInt() >= month }) {
                Text("${m.year}-${"%02d".format(m.month.toInt())}: ${m.booked} of ${m.target} booked")
            }
        }
    }
}

/** "Book a 45-minute session" (the core's words): the platform's date picker (from the day the
 *  plan asks for), then its time picker; the appointment is booked at that local time. */
@Composable
private fun BookButton(by: java.time.LocalDate?, id: String, book: (java.time.Instant) -> Unit) {
    val context = LocalContext.current
    val day = by ?: java.time.LocalDate.now(ZoneId.of(Journals.clock.zone()))
    OutlinedButton(
        onClick = {
            android.app.DatePickerDialog(context, { _, y, m, d ->
                android.app.TimePickerDialog(context, { _, hour, minute ->
                    book(java.time.LocalDateTime.of(y, m + 1, d, hour, minute).atZone(ZoneId.of(Journals.clock.zone())).toInstant())
                }, 9, 0, android.text.format.DateFormat.is24HourFormat(context)).show()
            }, day.year, day.monthValue - 1, day.dayOfMonth).show()
        },
        modifier = Modifier.padding(vertical = 4.dp).testTag("book-$id"),
    ) { Text(bookBodyworkText()) }
}

@Composable
private fun ReportScreen(state: UiState) {
    val report = state.report ?: return Centered("Loading your numbers…")
    LazyColumn(Modifier.padding(horizontal = 16.dp)) {
        item {
            Title("Your numbers")
            val p = report.personal
            if (p == null) {
                Text("Your before/after table appears after four weeks of logging.")
            } else {
                Text("First two weeks (${p.baseline.from} to ${p.baseline.to}) against the latest two (${p.recent.from} to ${p.recent.to})", color = Muted)
                Row(Modifier.fillMaxWidth().padding(top = 8.dp)) {
                    Text("", Modifier.weight(1.8f))
                    for (h in listOf("first", "latest", "change")) Text(h, Modifier.weight(1f), fontWeight = FontWeight.SemiBold, textAlign = TextAlign.End)
                }
                HorizontalDivider()
                for (row in p.rows) {
                    Row(Modifier.fillMaxWidth().padding(vertical = 6.dp)) {
                        Text(metricWords(row.metric), Modifier.weight(1.8f))
                        Cell(row.baseline, Modifier.weight(1f))
                        Cell(row.recent, Modifier.weight(1f))
                        Text(row.change?.let { "%+.1f".format(it) } ?: "–", Modifier.weight(1f), textAlign = TextAlign.End, fontSize = 18.sp)
                    }
                    HorizontalDivider(color = Stone)
                }
                Text("Your own logs compared with themselves: not medical advice.", fontSize = 12.sp, color = Muted)
            }
            if (report.trends.isNotEmpty()) Section("Soreness by zone, last 28 days")
            for (t in report.trends) {
                Row(Modifier.fillMaxWidth().padding(vertical = 3.dp), verticalAlignment = Alignment.CenterVertically) {
                    Text(zoneName(t.zone), Modifier.weight(1.6f))
                    Text(
                        when (t.trend) {
                            app.fascia.core.Trend.RISING -> "↗ rising"
                            app.fascia.core.Trend.FALLING -> "↘ falling"
                            app.fascia.core.Trend.STEADY -> "→ steady"
                            app.fascia.core.Trend.UNKNOWN -> "not enough data"
                        },
                        Modifier.weight(1.2f),
                        color = if (t.trend == app.fascia.core.Trend.RISING) Danger else Ink,
                    )
                    Text("${t.avg7d?.let { "%.1f".format(it) } ?: "–"} (n=${t.n7d})", Modifier.weight(1f), textAlign = TextAlign.End)
                }
            }
            Section("Downtime, hours a week")
            Bars(report.weeklyDowntime.map { it.week to it.value }, Danger, "downtime")
            Section("Routine sessions a week")
            Bars(report.weeklySessions.map { it.week to it.value }, Rust, "sessions")
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
    Text("n=${c.n}", fontSize = 12.sp, color = Muted)
}

private fun metricWords(m: Metric) = when (m) {
    Metric.WEEKLY_DOWNTIME_HOURS -> "Downtime, h/week"
    Metric.RECOVERY_HOURS -> "Recovery after long runs, h"
    Metric.MEAN_SORENESS -> "Mean soreness (${Catalog.soreness.min}–${Catalog.soreness.max})"
    Metric.SESSIONS_PER_WEEK -> "Sessions a week"
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
    Row(Modifier.fillMaxWidth().background(CardColor, RoundedCornerShape(8.dp)).padding(8.dp).testTag("chart-$tag")) {
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
                    Column(
                        Modifier.weight(1f).fillMaxSize().semantics(mergeDescendants = true) {
                            contentDescription = "${week.format(label)}: ${number(v)}"
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
        item { Title("Zones and the pressure chart"); BodyMap(emptyMap(), null) {} }
        items(Catalog.zones.values.toList()) { z ->
            Panel {
                Text(z.name, fontSize = 18.sp, fontWeight = FontWeight.SemiBold)
                Text("Daily: pressure ${z.pressure.daily}/10 (${z.dailyPressure}), hold ${z.selfCare.defaultS} s (${z.selfCare.minS}–${z.selfCare.maxS})")
                Text("Bodywork: pressure ${z.pressure.bodywork}/10, hold ${z.bodywork.defaultS} s (${z.bodywork.minS}–${z.bodywork.maxS})")
                Text("Tempo: ${z.tempo}")
                for (c in z.cautions) Text("⚠ $c", color = Danger)
            }
        }
    }
}

// ---- settings, data, restore --------------------------------------------------------------------

@Composable
private fun SettingsScreen(state: UiState, model: AppModel, actions: Actions) {
    val settings = state.settings ?: return Centered("Loading settings…")
    LazyColumn(Modifier.padding(horizontal = 16.dp)) {
        item {
            Title("Settings")
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedButton(onClick = { model.show(Screen.LOGS) }, Modifier.testTag("open-logs")) { Text("Your log") }
                OutlinedButton(onClick = { model.show(Screen.ZONES) }) { Text("Zones & chart") }
                OutlinedButton(onClick = { model.show(Screen.DATA) }) { Text("Data") }
            }
            Section("Daily reminder")
            TimeButton(stringResource(R.string.reminder_at), settings.reminderTime, "reminder-time", Modifier.fillMaxWidth()) {
                model.saveSettings(settings.copy(reminderTime = it))
            }
            val quiet = settings.quietHours ?: app.fascia.core.QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))
            QuietHoursButtons(quiet.start, quiet.end) { from, until ->
                model.saveSettings(settings.copy(quietHours = app.fascia.core.QuietHours(from, until)))
            }
            Section("Distances")
            CueSwitch("Show miles", settings.units == app.fascia.core.Units.IMPERIAL) {
                model.saveSettings(settings.copy(units = if (it) app.fascia.core.Units.IMPERIAL else app.fascia.core.Units.METRIC))
            }
            Section("Cues during a routine")
            CueSwitch("Voice", state.cues.voice) { model.saveCues(state.cues.copy(voice = it)) }
            CueSwitch("Vibration", state.cues.vibration) { model.saveCues(state.cues.copy(vibration = it)) }
            CueSwitch("Tone", state.cues.tone) { model.saveCues(state.cues.copy(tone = it)) }
            Section("Will reminders arrive?")
            val health = state.health
            if (health == null) Text("Checking…")
            else {
                Text("Daily reminders fire at ${health.dailyFiresAt}; ${health.pending} planned this week.")
                if (health.warnings.isEmpty()) Text("Everything is set.", color = Good)
                for (w in health.warnings) {
                    Text("• ${healthWarningText(w)}", color = Danger)
                    when (w) {
                        app.fascia.core.HealthWarning.NOTIFICATIONS_OFF ->
                            OutlinedButton(onClick = actions.askNotifications) { Text("Allow notifications") }
                        app.fascia.core.HealthWarning.EXACT_ALARMS_OFF ->
                            OutlinedButton(onClick = { actions.openSettings(android.provider.Settings.ACTION_REQUEST_SCHEDULE_EXACT_ALARM) }) { Text("Allow exact alarms") }
                        app.fascia.core.HealthWarning.BATTERY_RESTRICTED ->
                            OutlinedButton(onClick = { actions.openSettings(android.provider.Settings.ACTION_IGNORE_BATTERY_OPTIMIZATION_SETTINGS) }) { Text("Battery settings") }
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
        Title("Your data")
        Text("Your journal lives only on this phone: no account, no network. Export it to keep a copy or move it to a new phone.")
        Button(onClick = actions.export, modifier = Modifier.padding(top = 12.dp)) { Text("Export to a file") }
        OutlinedButton(onClick = actions.import, modifier = Modifier.padding(top = 8.dp)) { Text("Import a file") }
        Text("Importing merges: newer entries win, nothing is deleted unless it was deleted in the file.", fontSize = 13.sp, color = Muted)
        Section("Backups on this phone")
        if (state.logs.backups.isEmpty()) Text("The first daily backup is made tomorrow.", color = Muted)
        for (b in state.logs.backups) {
            Row(Modifier.fillMaxWidth(), verticalAlignment = Alignment.CenterVertically) {
                Text("${b.id} · ${b.sizeBytes / 1024u} KB", Modifier.weight(1f))
                TextButton(onClick = { model.restoreBackup(b.id) }) { Text("Restore") }
            }
        }
    }
}

@Composable
private fun RestoreScreen(state: UiState, model: AppModel) {
    val damaged = state.damaged
    Column(Modifier.padding(20.dp).testTag("restore")) {
        Title("Your journal needs repair")
        Text("The journal file on this phone is damaged, so Fascia will not write to it. It is kept as it is.")
        if (damaged?.newestBackup != null) {
            Text("The newest good backup is ${damaged.newestBackup}. Restoring puts it in place and keeps the damaged file beside it.", modifier = Modifier.padding(vertical = 12.dp))
            Button(onClick = { model.restore(damaged.newestBackup!!) }, modifier = Modifier.fillMaxWidth().heightIn(min = 56.dp).testTag("restore-backup")) {
                Text("Restore the backup", fontSize = 18.sp)
            }
        } else {
            Text("No good backup exists. Import an export file if you have one, or contact support with the file kept in the app's storage.", modifier = Modifier.padding(vertical = 12.dp))
        }
    }
}

// ---- the log: everything entered, corrected or deleted ------------------------------------------

@Composable
private fun LogsScreen(state: UiState, model: AppModel) {
    val logs = state.logs
    val units = state.settings?.units ?: app.fascia.core.Units.METRIC
    val day = DateTimeFormatter.ofPattern("EEE d MMM HH:mm")
    fun local(i: java.time.Instant, tz: String?) =
        i.atZone(java.time.ZoneId.of(tz ?: Journals.clock.zone())).format(day) +
            (if (tz != null && tz != Journals.clock.zone()) " ($tz)" else "")
    var raceName by remember { mutableStateOf("") }
    var raceDate by remember { mutableStateOf("") }
    var priority by remember { mutableStateOf(app.fascia.core.RacePriority.A) }
    var downDate by remember { mutableStateOf("") }
    var downHours by remember { mutableStateOf("") }
    var bwAt by remember { mutableStateOf("") }
    var editing by remember { mutableStateOf<app.fascia.core.Run?>(null) }
    var editDistance by remember { mutableStateOf("") }
    var editMin by remember { mutableStateOf("") }
    // Another entry being corrected: its id and one text field (a date, hours, a level or a time).
    var editId by remember { mutableStateOf<String?>(null) }
    var editText by remember { mutableStateOf("") }
    LazyColumn(Modifier.padding(horizontal = 16.dp).testTag("logs")) {
        item { Title("Your log") ; Section("Races") }
        items(logs.races) { r ->
            Entry("${r.name} · ${r.priority} · ${r.date}", "race-${r.id}", onEdit = { editId = r.id; editText = r.date.toString() }) { model.delete("race", r.id) }
            if (editId == r.id) Editor(editText, { editText = it }, "New date (YYYY-MM-DD)") {
                runCatching { java.time.LocalDate.parse(editText) }.getOrNull()?.let { d ->
                    model.editRace(r.id, app.fascia.core.NewRace(r.name, d, r.distanceM, r.priority)); editId = null
                }
            }
        }
        item {
            Field(raceName, { raceName = it }, "Race name")
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalAlignment = Alignment.CenterVertically) {
                Field(raceDate, { raceDate = it }, "Date (YYYY-MM-DD)", Modifier.weight(1f))
                for (p in app.fascia.core.RacePriority.entries) {
                    TextButton(onClick = { priority = p }) { Text(p.name, fontWeight = if (p == priority) FontWeight.Bold else FontWeight.Normal, color = if (p == priority) Rust else Ink) }
                }
            }
            val date = runCatching { java.time.LocalDate.parse(raceDate) }.getOrNull()
            OutlinedButton(
                onClick = { model.addRace(app.fascia.core.NewRace(raceName.trim(), date!!, null, priority)); raceName = ""; raceDate = "" },
                enabled = raceName.isNotBlank() && date != null,
            ) { Text("Add race") }
            Section("Runs")
        }
        items(logs.runs) { r ->
            Column {
                // Distances in the runner's units, as the core writes them.
                Entry("${local(r.startedAt, r.timeZone)} · ${distanceText(units, r.distanceM)} · ${r.durationS / 60u} min · ${r.kind.name.lowercase()}", "run-${r.id}", onEdit = {
                    editing = r; editDistance = distanceNumber(units, r.distanceM); editMin = "${r.durationS / 60u}"
                }) { model.delete("run", r.id) }
                if (editing == r) {
                    Row(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalAlignment = Alignment.CenterVertically) {
                        Field(editDistance, { editDistance = it }, distanceLabel(units), Modifier.weight(1f))
                        Field(editMin, { editMin = it }, "minutes", Modifier.weight(1f))
                        TextButton(onClick = {
                            val k = editDistance.toDoubleOrNull(); val m = editMin.toDoubleOrNull()
                            if (k != null && m != null) { model.editRun(r, k, m); editing = null }
                        }) { Text("Save") }
                    }
                }
            }
        }
        item { Section("Soreness") }
        items(logs.soreness) { s ->
            Entry("${local(s.at, s.timeZone)} · ${place(s.zone, s.side)} · ${sorenessLevelText(s.level)}", "soreness-${s.id}", onEdit = { editId = s.id; editText = s.level.toString() }) { model.delete("soreness", s.id) }
            if (editId == s.id) Editor(editText, { editText = it }, Catalog.soreness.fieldLabel) {
                editText.toIntOrNull()?.let { model.editSoreness(s, it); editId = null }
            }
        }
        item { Section("Downtime (training lost to pain)") }
        items(logs.downtime) { d ->
            Entry("${d.date} · ${"%.1f".format(d.minutes.toDouble() / 60)} h${d.zone?.let { " · " + zoneName(it) } ?: ""}", "downtime-${d.id}", onEdit = { editId = d.id; editText = "%.1f".format(d.minutes.toDouble() / 60) }) { model.delete("downtime", d.id) }
            if (editId == d.id) Editor(editText, { editText = it }, "Hours") {
                editText.toDoubleOrNull()?.let { h -> model.editDowntime(d.id, app.fascia.core.NewDowntime(d.date, (h * 60).toUInt(), d.zone)); editId = null }
            }
        }
        item {
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Field(downDate, { downDate = it }, "Date (YYYY-MM-DD)", Modifier.weight(1f))
                Field(downHours, { downHours = it }, "Hours", Modifier.weight(1f))
            }
            val d = runCatching { java.time.LocalDate.parse(downDate) }.getOrNull()
            val h = downHours.toDoubleOrNull()
            OutlinedButton(
                onClick = { model.addDowntime(app.fascia.core.NewDowntime(d!!, (h!! * 60).toUInt(), null)); downDate = ""; downHours = "" },
                enabled = d != null && h != null,
            ) { Text("Log downtime") }
            Section("Bodywork appointments")
        }
        items(logs.bodywork) { b ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = b.done, onCheckedChange = { model.setBodyworkDone(b.id, it) })
                Entry("${local(b.at, b.timeZone)} · ${b.minutes} min${if (b.done) " · done" else ""}", "bodywork-${b.id}", onEdit = { editId = b.id; editText = "" }) { model.delete("bodywork", b.id) }
            }
            if (editId == b.id) Editor(editText, { editText = it }, "New time (YYYY-MM-DDTHH:MM)") {
                runCatching { java.time.LocalDateTime.parse(editText).atZone(java.time.ZoneId.of(Journals.clock.zone())).toInstant() }.getOrNull()?.let { at ->
                    model.editBodywork(b.id, app.fascia.core.NewBodywork(at, b.minutes)); editId = null
                }
            }
        }
        item {
            Field(bwAt, { bwAt = it }, "When (YYYY-MM-DDTHH:MM)", Modifier.testTag("bodywork-at"))
            val at = runCatching { java.time.LocalDateTime.parse(bwAt).atZone(java.time.ZoneId.of(Journals.clock.zone())).toInstant() }.getOrNull()
            // An appointment of the core's session length, named by the core.
            OutlinedButton(onClick = { model.addBodywork(app.fascia.core.NewBodywork(at!!, Catalog.bodyworkMinutes)); bwAt = "" }, enabled = at != null, modifier = Modifier.testTag("book-bodywork")) {
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
        TextButton(onClick = save, modifier = Modifier.testTag("save-edit")) { Text("Save") }
    }
}

@Composable
private fun Entry(text: String, tag: String, onEdit: (() -> Unit)? = null, onDelete: () -> Unit) {
    Row(Modifier.fillMaxWidth().padding(vertical = 2.dp), verticalAlignment = Alignment.CenterVertically) {
        Text(text, Modifier.weight(1f))
        onEdit?.let { TextButton(onClick = it) { Text("Edit") } }
        TextButton(onClick = onDelete, modifier = Modifier.testTag("delete-$tag")) { Text("Delete", color = Danger) }
    }
}

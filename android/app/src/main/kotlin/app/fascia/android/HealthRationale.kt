// Why Fascia asks Health Connect for runs: the screen Health Connect opens from its permission
// screen ("androidx.health.ACTION_SHOW_PERMISSIONS_RATIONALE", up to Android 13) and from its list
// of apps ("android.intent.action.VIEW_PERMISSION_USAGE" in "android.intent.category.HEALTH_PERMISSIONS",
// Android 14 and later, through the manifest's activity-alias). Words only: what is read, what for,
// that it stays on the phone, how to take it back.
package app.fascia.android

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp

class HealthRationaleActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        setTheme(R.style.Theme_Fascia)
        super.onCreate(savedInstanceState)
        setContent { HealthRationale(close = { finish() }) }
    }
}

@Composable
fun HealthRationale(close: () -> Unit) = FasciaTheme {
    Column(
        Modifier.fillMaxSize().background(Sand).verticalScroll(rememberScrollState()).padding(20.dp).testTag("health-rationale"),
    ) {
        Text(stringResource(R.string.health_rationale_title), fontSize = 26.sp, fontWeight = FontWeight.Bold, color = Ink)
        for (paragraph in listOf(R.string.health_rationale_what, R.string.health_rationale_why, R.string.health_rationale_stays, R.string.health_rationale_revoke)) {
            Text(stringResource(paragraph), fontSize = 17.sp, color = Ink, modifier = Modifier.padding(top = 12.dp))
        }
        Button(onClick = close, modifier = Modifier.padding(top = 20.dp).testTag("close-rationale")) { Text(stringResource(R.string.close)) }
    }
}

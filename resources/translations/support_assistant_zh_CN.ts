<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Collecting information…</source>
        <translation>正在收集信息…</translation>
    </message>
    <message>
        <source>Looking for personal data…</source>
        <translation>正在查找个人数据…</translation>
    </message>
    <message>
        <source>Checking your approvals…</source>
        <translation>正在检查您的批准…</translation>
    </message>
    <message>
        <source>Checking the approved items once more…</source>
        <translation>正在再次检查已批准的项目…</translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>正在写入数据包…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>…and {count} more</source>
        <translation>…另有 {count} 处</translation>
    </message>
    <message>
        <source>Personal data may still be in the items you approved ({count} places):

{leaks}

Send anyway? Choose Back to redact them first.</source>
        <translation>您批准的项目中可能仍含有个人数据（{count} 处）：

{leaks}

仍要发送吗？选择“返回”可先将其遮盖。</translation>
    </message>
    <message>
        <source>Personal data found</source>
        <translation>发现个人数据</translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Screenshot</source>
        <translation>截图</translation>
    </message>
    <message>
        <source>System information</source>
        <translation>系统信息</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>日志文件</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Attached file</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>not approved</source>
        <translation>未批准</translation>
    </message>
    <message>
        <source>{count} redactions</source>
        <translation>{count} 处遮盖</translation>
    </message>
    <message>
        <source>Cancelled; nothing was changed.</source>
        <translation>已取消，未做任何更改。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Something unexpected went wrong ({error}); please report this to support.</source>
        <translation>发生意外错误（{error}），请将此问题报告给技术支持。</translation>
    </message>
    <message>
        <source>Support Assistant</source>
        <translation>支持助手</translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation>正在打开 {name}…</translation>
    </message>
    <message>
        <source>Bundle state</source>
        <translation>数据包状态</translation>
    </message>
    <message>
        <source>Pages of the bundle</source>
        <translation>数据包的页面</translation>
    </message>
    <message>
        <source>Summary, consent record and each item; the page opens beside the list.</source>
        <translation>摘要、同意记录和每个项目；页面在列表旁边打开。</translation>
    </message>
    <message>
        <source>The bundle could not be opened ({error}).</source>
        <translation>无法打开数据包（{error}）。</translation>
    </message>
    <message>
        <source>Not opened: the bundle failed its checks.</source>
        <translation>未打开：数据包未通过检查。</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Consent record</source>
        <translation>同意记录</translation>
    </message>
    <message>
        <source>Checking every file against the manifest…</source>
        <translation>正在根据清单检查每个文件…</translation>
    </message>
    <message>
        <source>Checking: {done} of {total} files…</source>
        <translation>正在检查：第 {done} 个，共 {total} 个文件…</translation>
    </message>
    <message>
        <source>Verified: all {count} files match the sha256 and size in the manifest.</source>
        <translation>已验证：全部 {count} 个文件的 sha256 和大小与清单一致。</translation>
    </message>
    <message>
        <source>Loading {title}…</source>
        <translation>正在加载 {title}…</translation>
    </message>
    <message>
        <source>Export item</source>
        <translation>导出项目</translation>
    </message>
    <message>
        <source>Exporting {title}…</source>
        <translation>正在导出 {title}…</translation>
    </message>
    <message>
        <source>Exported {title} to {path}.</source>
        <translation>已将 {title} 导出到 {path}。</translation>
    </message>
    <message>
        <source>Save HTML report</source>
        <translation>保存 HTML 报告</translation>
    </message>
    <message>
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <source>Writing the HTML report…</source>
        <translation>正在写入 HTML 报告…</translation>
    </message>
    <message>
        <source>Saved the HTML report to {path}.</source>
        <translation>已将 HTML 报告保存到 {path}。</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Received (UTC)</source>
        <translation>接收时间 (UTC)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>receiving {percent} %</source>
        <translation>正在接收 {percent} %</translation>
    </message>
    <message>
        <source>Bundles on the intake</source>
        <translation>接收服务器上的数据包</translation>
    </message>
    <message>
        <source>Filter by customer, product, error…</source>
        <translation>按客户、产品、错误筛选…</translation>
    </message>
    <message>
        <source>Filter the inbox</source>
        <translation>筛选收件箱</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Refresh the inbox</source>
        <translation>刷新收件箱</translation>
    </message>
    <message>
        <source>Download and open</source>
        <translation>下载并打开</translation>
    </message>
    <message>
        <source>Download and open the selected bundle</source>
        <translation>下载并打开所选数据包</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Delete the selected bundle from the intake</source>
        <translation>从接收服务器删除所选数据包</translation>
    </message>
    <message>
        <source>Connection…</source>
        <translation>连接…</translation>
    </message>
    <message>
        <source>Set the intake address and engineer token</source>
        <translation>设置接收服务器地址和工程师令牌</translation>
    </message>
    <message>
        <source>Not connected to an intake.</source>
        <translation>未连接到接收服务器。</translation>
    </message>
    <message>
        <source>Inbox status</source>
        <translation>收件箱状态</translation>
    </message>
    <message>
        <source>Bundles the intake holds for your token; Return downloads and opens the selected one.</source>
        <translation>接收服务器为您的令牌保存的数据包；按 Enter 下载并打开所选数据包。</translation>
    </message>
    <message>
        <source>Shows only bundles whose customer, product or error contain this text.</source>
        <translation>只显示客户、产品或错误包含此文本的数据包。</translation>
    </message>
    <message>
        <source>Asks the intake for its list again.</source>
        <translation>重新向接收服务器请求列表。</translation>
    </message>
    <message>
        <source>Downloads the selected bundle, checks it and opens it.</source>
        <translation>下载所选数据包，检查后打开。</translation>
    </message>
    <message>
        <source>Deletes the selected bundle from the intake after you confirm.</source>
        <translation>在您确认后从接收服务器删除所选数据包。</translation>
    </message>
    <message>
        <source>Sets the intake address and your engineer token.</source>
        <translation>设置接收服务器地址和您的工程师令牌。</translation>
    </message>
    <message>
        <source>Whether the inbox is connected and how many bundles it holds.</source>
        <translation>收件箱是否已连接，以及其中有多少数据包。</translation>
    </message>
    <message>
        <source>Intake: {url}</source>
        <translation>接收服务器：{url}</translation>
    </message>
    <message>
        <source>{count} bundles on {url}.</source>
        <translation>{url} 上有 {count} 个数据包。</translation>
    </message>
    <message>
        <source>Downloading {name}…</source>
        <translation>正在下载 {name}…</translation>
    </message>
    <message>
        <source>Delete the bundle {name} of customer {customer} from the intake? This cannot be undone.</source>
        <translation>要从接收服务器删除客户 {customer} 的数据包 {name} 吗？此操作无法撤消。</translation>
    </message>
    <message>
        <source>Delete bundle</source>
        <translation>删除数据包</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Deleting {name}…</source>
        <translation>正在删除 {name}…</translation>
    </message>
    <message>
        <source>Intake connection</source>
        <translation>接收服务器连接</translation>
    </message>
    <message>
        <source>Intake address</source>
        <translation>接收服务器地址</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>不变</translation>
    </message>
    <message>
        <source>Engineer token</source>
        <translation>工程师令牌</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Intake address:</source>
        <translation>接收服务器地址：</translation>
    </message>
    <message>
        <source>Engineer token:</source>
        <translation>工程师令牌：</translation>
    </message>
    <message>
        <source>The intake&apos;s address, e.g. https://support.example.com/.</source>
        <translation>接收服务器的地址，例如 https://support.example.com/。</translation>
    </message>
    <message>
        <source>Your engineer token; it is kept in the keyring and never shown.</source>
        <translation>您的工程师令牌；它保存在密钥环中，绝不显示。</translation>
    </message>
    <message>
        <source>Checks the address and stores the token.</source>
        <translation>检查地址并保存令牌。</translation>
    </message>
    <message>
        <source>Closes without changing the connection.</source>
        <translation>关闭且不更改连接。</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>Support engineer console</source>
        <translation>支持工程师控制台</translation>
    </message>
    <message>
        <source>Inbox and opened bundles</source>
        <translation>收件箱和已打开的数据包</translation>
    </message>
    <message>
        <source>The inbox first, then one tab per opened bundle; File, Close bundle closes one.</source>
        <translation>首先是收件箱，然后每个已打开的数据包一个标签页；“文件 → 关闭数据包”可关闭其中一个。</translation>
    </message>
    <message>
        <source>Switches between the inbox and the opened bundles.</source>
        <translation>在收件箱和已打开的数据包之间切换。</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>收件箱</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open bundle…</source>
        <translation>打开数据包(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Export item…</source>
        <translation>导出项目(&amp;E)…</translation>
    </message>
    <message>
        <source>Save as &amp;HTML report…</source>
        <translation>另存为 HTML 报告(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Close bundle</source>
        <translation>关闭数据包(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>Intake &amp;connection…</source>
        <translation>接收服务器连接(&amp;C)…</translation>
    </message>
    <message>
        <source>Age &amp;identity file…</source>
        <translation>age 身份文件(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Keep an age identity in the keyring…</source>
        <translation>在密钥环中保存 age 身份(&amp;K)…</translation>
    </message>
    <message>
        <source>&amp;Forget the age identity</source>
        <translation>忘记 age 身份(&amp;F)</translation>
    </message>
    <message>
        <source>Choose your age identity file</source>
        <translation>选择您的 age 身份文件</translation>
    </message>
    <message>
        <source>age identity (*.txt *.key *);;All files (*)</source>
        <translation>age 身份 (*.txt *.key *);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Age identity</source>
        <translation>age 身份</translation>
    </message>
    <message>
        <source>Open bundle</source>
        <translation>打开数据包</translation>
    </message>
    <message>
        <source>Support bundles (*.zip *.age);;All files (*)</source>
        <translation>支持数据包 (*.zip *.age);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{count} suggestions to check</source>
        <translation>{count} 个建议待检查</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>Support Assistant</source>
        <translation>支持助手</translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <source>Take a screenshot</source>
        <translation>截图</translation>
    </message>
    <message>
        <source>The &amp;whole desktop</source>
        <translation>整个桌面(&amp;W)</translation>
    </message>
    <message>
        <source>One &amp;monitor:</source>
        <translation>一个显示器(&amp;M)：</translation>
    </message>
    <message>
        <source>A &amp;region I pick</source>
        <translation>我选择的区域(&amp;R)</translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation>显示器</translation>
    </message>
    <message>
        <source>Monitor {number} ({width} × {height})</source>
        <translation>显示器 {number}（{width} × {height}）</translation>
    </message>
    <message>
        <source>, primary</source>
        <translation>，主显示器</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Delay in seconds</source>
        <translation>延迟秒数</translation>
    </message>
    <message>
        <source>This window and the assistant hide while the screenshot is taken. You will see the screenshot and can black out parts before anything is sent.</source>
        <translation>截图时，此窗口和助手会隐藏。在发送任何内容之前，您会看到截图并可以涂黑其中的部分。</translation>
    </message>
    <message>
        <source>&amp;Wait before taking it:</source>
        <translation>截图前等待(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Take screenshot</source>
        <translation>截图(&amp;T)</translation>
    </message>
    <message>
        <source>Every monitor in one picture.</source>
        <translation>所有显示器合为一张图片。</translation>
    </message>
    <message>
        <source>Only the monitor chosen in the list.</source>
        <translation>只截取列表中选择的显示器。</translation>
    </message>
    <message>
        <source>The monitor to capture.</source>
        <translation>要截取的显示器。</translation>
    </message>
    <message>
        <source>A rectangle you pick on a frozen picture of the screen.</source>
        <translation>在冻结的屏幕画面上选择一个矩形。</translation>
    </message>
    <message>
        <source>Seconds to wait, so you can open the window that shows the problem.</source>
        <translation>等待的秒数，以便您打开显示问题的窗口。</translation>
    </message>
    <message>
        <source>Takes the screenshot; you review it before anything is sent.</source>
        <translation>截图；发送任何内容前您都会先审阅它。</translation>
    </message>
    <message>
        <source>Closes without taking a screenshot.</source>
        <translation>关闭且不截图。</translation>
    </message>
</context>
<context>
    <name>ConsentPage</name>
    <message>
        <source>Statement shown:</source>
        <translation>显示的声明：</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>Statement shown</source>
        <translation>显示的声明</translation>
    </message>
    <message>
        <source>Privacy notice:</source>
        <translation>隐私声明：</translation>
    </message>
    <message>
        <source>version {version}, accepted {time}</source>
        <translation>版本 {version}，于 {time} 接受</translation>
    </message>
    <message>
        <source>Privacy notice</source>
        <translation>隐私声明</translation>
    </message>
    <message>
        <source>Client:</source>
        <translation>客户端：</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>策略：</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Approved items</source>
        <translation>已批准的项目</translation>
    </message>
    <message>
        <source>Each item, when the customer approved it and what was redacted.</source>
        <translation>每个项目、客户批准它的时间以及遮盖了什么。</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Approved at</source>
        <translation>批准时间</translation>
    </message>
    <message>
        <source>Redactions</source>
        <translation>遮盖</translation>
    </message>
    <message>
        <source>Blacked-out regions</source>
        <translation>涂黑的区域</translation>
    </message>
    <message>
        <source>{w}×{h} at ({x}, {y})</source>
        <translation>{w}×{h}，位于 ({x}, {y})</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Every item was approved by the customer one by one. Redacted text was replaced by pseudonyms and blacked-out regions were filled before sending: the bundle holds neither the original values nor the hidden pixels.</source>
        <translation>每个项目都由客户逐一批准。发送前，已遮盖的文本被替换为化名，涂黑的区域已被填充：数据包中既没有原始值，也没有被隐藏的像素。</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>Contact details</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>How can {support} reach you? These details are added as an item of their own, which you approve like the others.</source>
        <translation>{support} 如何联系您？这些信息会作为单独的项目添加，您需要像其他项目一样批准它。</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Company</source>
        <translation>公司(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Position</source>
        <translation>职位(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>电子邮件(&amp;E)</translation>
    </message>
    <message>
        <source>P&amp;hone</source>
        <translation>电话(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Remember these details on this computer for next time</source>
        <translation>在此计算机上记住这些信息以便下次使用(&amp;R)</translation>
    </message>
    <message>
        <source>Remember these details for next time</source>
        <translation>记住这些信息以便下次使用</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>&amp;Add to report</source>
        <translation>添加到报告(&amp;A)</translation>
    </message>
    <message>
        <source>Your name, as support should address you.</source>
        <translation>您的姓名，技术支持将如此称呼您。</translation>
    </message>
    <message>
        <source>The organisation you work for.</source>
        <translation>您所在的组织。</translation>
    </message>
    <message>
        <source>Your role or job title.</source>
        <translation>您的角色或职位。</translation>
    </message>
    <message>
        <source>An e-mail address support may write to.</source>
        <translation>技术支持可以写信联系的电子邮件地址。</translation>
    </message>
    <message>
        <source>A phone number support may call: digits, spaces and + - ( ) /.</source>
        <translation>技术支持可以拨打的电话号码：数字、空格和 + - ( ) /。</translation>
    </message>
    <message>
        <source>Kept only on this computer, to fill this form next time.</source>
        <translation>仅保存在此计算机上，用于下次填写此表单。</translation>
    </message>
    <message>
        <source>Adds these details to the report as an item you approve.</source>
        <translation>将这些信息作为需要您批准的项目添加到报告中。</translation>
    </message>
    <message>
        <source>Closes without adding anything.</source>
        <translation>关闭且不添加任何内容。</translation>
    </message>
</context>
<context>
    <name>EnvironmentPage</name>
    <message>
        <source>Search keys and values…</source>
        <translation>搜索键和值…</translation>
    </message>
    <message>
        <source>Search the environment</source>
        <translation>搜索环境信息</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>环境</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export this item</source>
        <translation>导出此项目</translation>
    </message>
    <message>
        <source>Shows only the keys and values that contain this text.</source>
        <translation>只显示包含此文本的键和值。</translation>
    </message>
    <message>
        <source>The customer&apos;s system, section by section; the JSON key of each row is its tooltip.</source>
        <translation>客户的系统信息，按部分列出；每行的 JSON 键显示在其工具提示中。</translation>
    </message>
    <message>
        <source>Writes the environment item, as checked, to a file.</source>
        <translation>将经过检查的环境项目写入文件。</translation>
    </message>
    <message>
        <source>{count} entries</source>
        <translation>{count} 个条目</translation>
    </message>
</context>
<context>
    <name>FailurePage</name>
    <message>
        <source>Why the bundle is not shown</source>
        <translation>数据包为何未显示</translation>
    </message>
    <message>
        <source>This bundle cannot be shown.</source>
        <translation>无法显示此数据包。</translation>
    </message>
    <message>
        <source>Files that failed the check</source>
        <translation>未通过检查的文件</translation>
    </message>
    <message>
        <source>Each file whose sha256 differs from the manifest, expected and actual.</source>
        <translation>sha256 与清单不一致的每个文件，包括预期值和实际值。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Expected sha256</source>
        <translation>预期的 sha256</translation>
    </message>
    <message>
        <source>Actual sha256</source>
        <translation>实际的 sha256</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>{title}: {type}, {size}. Export it to open it with another program.</source>
        <translation>{title}：{type}，{size}。请导出后用其他程序打开。</translation>
    </message>
    <message>
        <source>About this item</source>
        <translation>关于此项目</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export this item</source>
        <translation>导出此项目</translation>
    </message>
    <message>
        <source>Writes this item, as checked, to a file.</source>
        <translation>将经过检查的此项目写入文件。</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <source>Redacted</source>
        <translation>已遮盖</translation>
    </message>
    <message>
        <source>Sent as</source>
        <translation>发送为</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>your selection</source>
        <translation>您的选择</translation>
    </message>
    <message>
        <source>(original text)</source>
        <translation>（原文）</translation>
    </message>
    <message>
        <source>(selected by you)</source>
        <translation>（由您选择）</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Sent reports</source>
        <translation>已发送的报告</translation>
    </message>
    <message>
        <source>Reports you sent</source>
        <translation>您发送的报告</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送时间</translation>
    </message>
    <message>
        <source>To</source>
        <translation>发往</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>What was sent</source>
        <translation>发送的内容</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>You have not sent any reports from this computer.</source>
        <translation>您尚未从此计算机发送任何报告。</translation>
    </message>
    <message>
        <source>&amp;Add to this report…</source>
        <translation>添加到此报告(&amp;A)…</translation>
    </message>
    <message>
        <source>Send more items or a correction, linked to the selected report</source>
        <translation>发送更多项目或更正，并关联到所选报告</translation>
    </message>
    <message>
        <source>Ask support to &amp;delete it</source>
        <translation>请求技术支持删除(&amp;D)</translation>
    </message>
    <message>
        <source>Delete the &amp;local copy</source>
        <translation>删除本地副本(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Withdraw consent…</source>
        <translation>撤回同意(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>One row per sent report: reference, time, destination and state. Select one to see what was sent.</source>
        <translation>每份已发送的报告一行：编号、时间、目的地和状态。选择一行可查看发送的内容。</translation>
    </message>
    <message>
        <source>The items of the selected report, as the intake received them.</source>
        <translation>所选报告中的项目，即接收服务器收到的内容。</translation>
    </message>
    <message>
        <source>Starts a new report linked to the selected one.</source>
        <translation>新建一份与所选报告关联的报告。</translation>
    </message>
    <message>
        <source>Asks support to delete the selected report, and deletes the local copy.</source>
        <translation>请求技术支持删除所选报告，并删除本地副本。</translation>
    </message>
    <message>
        <source>Deletes only the copy on this computer.</source>
        <translation>只删除此计算机上的副本。</translation>
    </message>
    <message>
        <source>Asks support to delete everything you sent and deletes all local reports and credentials.</source>
        <translation>请求技术支持删除您发送的所有内容，并删除所有本地报告和凭据。</translation>
    </message>
    <message>
        <source>Closes the list of sent reports.</source>
        <translation>关闭已发送报告的列表。</translation>
    </message>
    <message>
        <source>deleted by support</source>
        <translation>已被技术支持删除</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>sent, local copy gone</source>
        <translation>已发送，本地副本已删除</translation>
    </message>
    <message>
        <source>Delete a sent report</source>
        <translation>删除已发送的报告</translation>
    </message>
    <message>
        <source>Ask {support} to delete the report {reference}? Your local copy is deleted too.</source>
        <translation>要请求 {support} 删除报告 {reference} 吗？您的本地副本也会被删除。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Asking support to delete the report…</source>
        <translation>正在请求技术支持删除报告…</translation>
    </message>
    <message>
        <source>Delete the local copy</source>
        <translation>删除本地副本</translation>
    </message>
    <message>
        <source>Delete the copy of {reference} kept on this computer? Support keeps theirs.</source>
        <translation>要删除此计算机上保存的 {reference} 副本吗？技术支持会保留他们的副本。</translation>
    </message>
    <message>
        <source>Deleting the local copy…</source>
        <translation>正在删除本地副本…</translation>
    </message>
    <message>
        <source>Withdraw consent</source>
        <translation>撤回同意</translation>
    </message>
    <message>
        <source>Ask {support} to delete everything you sent, and delete every report, copy and stored credential on this computer? This cannot be undone.</source>
        <translation>要请求 {support} 删除您发送的所有内容，并删除此计算机上的所有报告、副本和已保存的凭据吗？此操作无法撤消。</translation>
    </message>
    <message>
        <source>Withdrawing consent…</source>
        <translation>正在撤回同意…</translation>
    </message>
    <message>
        <source>Done: support was asked to delete {count} reports, and everything on this computer was deleted.</source>
        <translation>完成：已请求技术支持删除 {count} 份报告，此计算机上的所有内容均已删除。</translation>
    </message>
</context>
<context>
    <name>ImagePage</name>
    <message>
        <source>Screenshot {title}</source>
        <translation>截图 {title}</translation>
    </message>
    <message>
        <source>About this screenshot</source>
        <translation>关于此截图</translation>
    </message>
    <message>
        <source>Zoom level</source>
        <translation>缩放比例</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>实际大小</translation>
    </message>
    <message>
        <source>Changes the zoom of the screenshot.</source>
        <translation>更改截图的缩放比例。</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export this item</source>
        <translation>导出此项目</translation>
    </message>
    <message>
        <source>The screenshot as received; dashed outlines mark areas the customer blacked out. Ctrl+wheel or Ctrl++ and Ctrl+- zoom.</source>
        <translation>收到的截图；虚线框标出客户涂黑的区域。Ctrl+滚轮或 Ctrl++ 和 Ctrl+- 可缩放。</translation>
    </message>
    <message>
        <source>Writes this screenshot, as checked, to a file.</source>
        <translation>将经过检查的此截图写入文件。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>This picture cannot be shown (not an image Qt can read, or too large); export it instead.</source>
        <translation>无法显示此图片（不是 Qt 能读取的图像，或者太大），请将其导出。</translation>
    </message>
    <message>
        <source>Blacked out by the customer before sending; the content is not in the bundle.</source>
        <translation>客户在发送前已涂黑；数据包中没有该内容。</translation>
    </message>
    <message>
        <source>{width} × {height} pixels.</source>
        <translation>{width} × {height} 像素。</translation>
    </message>
    <message>
        <source>{count} region(s) were blacked out by the customer (dashed outlines); their content never left the customer&apos;s computer.</source>
        <translation>客户涂黑了 {count} 个区域（虚线框）；其内容从未离开客户的计算机。</translation>
    </message>
    <message>
        <source>{percent} %</source>
        <translation>{percent} %</translation>
    </message>
</context>
<context>
    <name>Instance</name>
    <message>
        <source>A screenshot was taken when the error occurred. It is sent only if you tick it, and you can black out parts of it first.</source>
        <translation>出错时已截取了一张截图。只有勾选后才会发送，并且您可以先涂黑其中的部分。</translation>
    </message>
    <message>
        <source>Automatic screenshots are turned off by your IT department&apos;s policy.</source>
        <translation>您的 IT 部门的策略已关闭自动截图。</translation>
    </message>
    <message>
        <source>No screenshot could be taken: {reason}</source>
        <translation>无法截图：{reason}</translation>
    </message>
    <message>
        <source>Too many reports are open, so an error from {product} was added to this one.</source>
        <translation>打开的报告太多，因此 {product} 的一个错误已添加到此报告中。</translation>
    </message>
    <message>
        <source>{product} reported {count} errors in a row; they are all in this one report.</source>
        <translation>{product} 连续报告了 {count} 个错误；它们都在这一份报告中。</translation>
    </message>
</context>
<context>
    <name>LogPage</name>
    <message>
        <source>Search the log…</source>
        <translation>搜索日志…</translation>
    </message>
    <message>
        <source>Search text</source>
        <translation>搜索文本</translation>
    </message>
    <message>
        <source>Regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>Search with a regular expression</source>
        <translation>使用正则表达式搜索</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Find all matches</source>
        <translation>查找所有匹配项</translation>
    </message>
    <message>
        <source>Show lines at or above this level</source>
        <translation>显示此级别及以上的行</translation>
    </message>
    <message>
        <source>All lines</source>
        <translation>所有行</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>{level} and above</source>
        <translation>{level} 及以上</translation>
    </message>
    <message>
        <source>Time to go to</source>
        <translation>要跳转到的时间</translation>
    </message>
    <message>
        <source>Go to time</source>
        <translation>跳转到时间</translation>
    </message>
    <message>
        <source>Go to the first line at or after this time</source>
        <translation>跳转到此时间或之后的第一行</translation>
    </message>
    <message>
        <source>Go to error time</source>
        <translation>跳转到错误时间</translation>
    </message>
    <message>
        <source>Go to the lines near the error time</source>
        <translation>跳转到错误时间附近的行</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export this item</source>
        <translation>导出此项目</translation>
    </message>
    <message>
        <source>Log status</source>
        <translation>日志状态</translation>
    </message>
    <message>
        <source>Log text</source>
        <translation>日志文本</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Text to find in the log; Return searches.</source>
        <translation>要在日志中查找的文本；按 Enter 搜索。</translation>
    </message>
    <message>
        <source>Treat the search text as a regular expression.</source>
        <translation>将搜索文本视为正则表达式。</translation>
    </message>
    <message>
        <source>Distinguish upper and lower case when searching.</source>
        <translation>搜索时区分大小写。</translation>
    </message>
    <message>
        <source>Lists every line that matches.</source>
        <translation>列出所有匹配的行。</translation>
    </message>
    <message>
        <source>Hides lines below the chosen level; stack traces stay with their line.</source>
        <translation>隐藏低于所选级别的行；堆栈跟踪与其所在行一起保留。</translation>
    </message>
    <message>
        <source>A time in the customer&apos;s time zone.</source>
        <translation>客户时区中的时间。</translation>
    </message>
    <message>
        <source>Shows the first line at or after the chosen time.</source>
        <translation>显示所选时间或之后的第一行。</translation>
    </message>
    <message>
        <source>Shows the lines around the time of the reported error.</source>
        <translation>显示所报告错误发生时间附近的行。</translation>
    </message>
    <message>
        <source>Writes this log, as checked, to a file.</source>
        <translation>将经过检查的此日志写入文件。</translation>
    </message>
    <message>
        <source>Size of the log and progress of searches.</source>
        <translation>日志的大小和搜索进度。</translation>
    </message>
    <message>
        <source>The log&apos;s text, read only; Ctrl+Home and Ctrl+End jump across the whole file.</source>
        <translation>日志文本，只读；Ctrl+Home 和 Ctrl+End 可跳转到整个文件的开头和末尾。</translation>
    </message>
    <message>
        <source>Matching lines; Return shows the line in the log.</source>
        <translation>匹配的行；按 Enter 在日志中显示该行。</translation>
    </message>
    <message>
        <source>Checking and loading the log…</source>
        <translation>正在检查并加载日志…</translation>
    </message>
    <message>
        <source>{size} bytes.</source>
        <translation>{size} 字节。</translation>
    </message>
    <message>
        <source>Finding the level of each line…</source>
        <translation>正在确定每行的级别…</translation>
    </message>
    <message>
        <source>Showing {shown} of {size} bytes.</source>
        <translation>显示 {size} 字节中的 {shown} 字节。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>Searching the log…</source>
        <translation>正在搜索日志…</translation>
    </message>
    <message>
        <source>More than {limit} matches; the first {limit} are listed.</source>
        <translation>匹配项超过 {limit} 个；仅列出前 {limit} 个。</translation>
    </message>
    <message>
        <source>{count} matches.</source>
        <translation>{count} 个匹配项。</translation>
    </message>
    <message>
        <source>This log has no time stamps.</source>
        <translation>此日志没有时间戳。</translation>
    </message>
    <message>
        <source>Line at {time}.</source>
        <translation>{time} 处的行。</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>As recorded in the bundle; select the text to copy it.</source>
        <translation>与数据包中记录的一致；选择文本即可复制。</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>&amp;Approve this item as shown</source>
        <translation>按所示内容批准此项目(&amp;A)</translation>
    </message>
    <message>
        <source>Approve this item as shown</source>
        <translation>按所示内容批准此项目</translation>
    </message>
    <message>
        <source>Select an item on the left to see exactly what will be sent.</source>
        <translation>在左侧选择一个项目，查看将要发送的确切内容。</translation>
    </message>
    <message>
        <source>Screenshot</source>
        <translation>截图</translation>
    </message>
    <message>
        <source>&amp;Black out</source>
        <translation>涂黑(&amp;B)</translation>
    </message>
    <message>
        <source>As &amp;sent</source>
        <translation>发送效果(&amp;S)</translation>
    </message>
    <message>
        <source>Approves this item exactly as shown here; any later change unticks it.</source>
        <translation>按此处显示的内容批准此项目；之后的任何更改都会取消勾选。</translation>
    </message>
    <message>
        <source>Black out: draw boxes over what must not be sent. As sent: the picture that will be sent.</source>
        <translation>涂黑：在不得发送的内容上绘制方框。发送效果：将要发送的图片。</translation>
    </message>
    <message>
        <source>Switches between blacking out and the picture as sent.</source>
        <translation>在涂黑和发送效果之间切换。</translation>
    </message>
    <message>
        <source>Draw boxes over what must not be sent.</source>
        <translation>在不得发送的内容上绘制方框。</translation>
    </message>
    <message>
        <source>The picture exactly as it will be sent.</source>
        <translation>与将要发送的图片完全一致。</translation>
    </message>
</context>
<context>
    <name>PrivacyNoticeDialog</name>
    <message>
        <source>Privacy notice</source>
        <translation>隐私声明</translation>
    </message>
    <message>
        <source>{name}: how your reports are handled</source>
        <translation>{name}：如何处理您的报告</translation>
    </message>
    <message>
        <source>Privacy notice text</source>
        <translation>隐私声明文本</translation>
    </message>
    <message>
        <source>Version {version}. Nothing is collected or sent until you accept.</source>
        <translation>版本 {version}。在您接受之前，不会收集或发送任何内容。</translation>
    </message>
    <message>
        <source>I &amp;accept</source>
        <translation>我接受(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>RedactionEditor</name>
    <message>
        <source>Screenshot: draw boxes to black out</source>
        <translation>截图：绘制方框进行涂黑</translation>
    </message>
    <message>
        <source>Redaction tools</source>
        <translation>遮盖工具</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤消</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>New box</source>
        <translation>新建方框</translation>
    </message>
    <message>
        <source>Delete box</source>
        <translation>删除方框</translation>
    </message>
    <message>
        <source>Add box</source>
        <translation>添加方框</translation>
    </message>
    <message>
        <source>Move box</source>
        <translation>移动方框</translation>
    </message>
    <message>
        <source>Release suggestion</source>
        <translation type="vanished">放行建议</translation>
    </message>
    <message>
        <source>Keep suggestion</source>
        <translation type="vanished">保留建议</translation>
    </message>
    <message>
        <source>Release / keep suggestion</source>
        <translation type="vanished">放行/保留建议</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>实际大小</translation>
    </message>
    <message>
        <source>Box {number} of {count}: {w} × {h} pixels at {x}, {y}. Arrows move it, Ctrl+arrows resize it, Delete removes it.</source>
        <translation>第 {number} 个方框，共 {count} 个：{w} × {h} 像素，位于 {x}, {y}。方向键移动，Ctrl+方向键调整大小，Delete 删除。</translation>
    </message>
    <message>
        <source>No area is blacked out. Press N to add a box.</source>
        <translation>没有涂黑的区域。按 N 添加方框。</translation>
    </message>
    <message>
        <source>{count} areas blacked out. Tab selects a box, N adds one.</source>
        <translation>已涂黑 {count} 个区域。Tab 选择方框，N 添加方框。</translation>
    </message>
    <message>
        <source>suggested: A accepts, R rejects</source>
        <translation>建议：A 接受，R 拒绝</translation>
    </message>
    <message>
        <source>accepted: blacked out</source>
        <translation>已接受：已涂黑</translation>
    </message>
    <message>
        <source>rejected: sent as it is</source>
        <translation>已拒绝：按原样发送</translation>
    </message>
    <message>
        <source>Accept suggestion</source>
        <translation>接受建议</translation>
    </message>
    <message>
        <source>Reject suggestion</source>
        <translation>拒绝建议</translation>
    </message>
    <message>
        <source>Accept all suggestions</source>
        <translation>接受所有建议</translation>
    </message>
    <message>
        <source>Reject all suggestions</source>
        <translation>拒绝所有建议</translation>
    </message>
    <message>
        <source>Suggested boxes</source>
        <translation>建议的方框</translation>
    </message>
    <message>
        <source>Looking for personal data in this screenshot… You can black out areas meanwhile.</source>
        <translation>正在此截图中查找个人数据… 您可以同时涂黑区域。</translation>
    </message>
    <message>
        <source>Text recognition (OCR) is not installed, so no boxes are suggested: black out personal data yourself.</source>
        <translation>未安装文字识别 (OCR)，因此不会建议方框：请自行涂黑个人数据。</translation>
    </message>
    <message>
        <source>Text recognition (OCR) is turned off by your IT department, so no boxes are suggested: black out personal data yourself.</source>
        <translation>您的 IT 部门已关闭文字识别 (OCR)，因此不会建议方框：请自行涂黑个人数据。</translation>
    </message>
    <message>
        <source>Text recognition failed for this screenshot, so no boxes are suggested: black out personal data yourself.</source>
        <translation>此截图的文字识别失败，因此不会建议方框：请自行涂黑个人数据。</translation>
    </message>
    <message>
        <source>{count} suggested boxes (dashed) wait for your decision: A accepts the selected one, R rejects it, Shift+A / Shift+R decide all; Tab moves between them.</source>
        <translation>{count} 个建议的方框（虚线）等待您决定：A 接受所选方框，R 拒绝，Shift+A / Shift+R 决定全部；Tab 在方框之间移动。</translation>
    </message>
    <message>
        <source>Every suggested box is decided; accepted ones are blacked out.</source>
        <translation>所有建议的方框均已决定；已接受的方框已涂黑。</translation>
    </message>
    <message>
        <source>No personal data was recognised in this screenshot.</source>
        <translation>未在此截图中识别到个人数据。</translation>
    </message>
</context>
<context>
    <name>RegionOverlay</name>
    <message>
        <source>Pick a region: drag, or use the arrow keys and press Enter</source>
        <translation>选择区域：拖动，或使用方向键并按 Enter</translation>
    </message>
    <message>
        <source>Drag to pick a region, or move it with the arrow keys (Ctrl+arrows resize). Enter takes it, Escape cancels.</source>
        <translation>拖动以选择区域，或用方向键移动（Ctrl+方向键调整大小）。按 Enter 截取，按 Esc 取消。</translation>
    </message>
    <message>
        <source>Region {w} × {h} pixels at {x}, {y}</source>
        <translation>区域 {w} × {h} 像素，位于 {x}, {y}</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <source>Additions to report {reference}</source>
        <translation>报告 {reference} 的补充</translation>
    </message>
    <message>
        <source>Report {id}</source>
        <translation>报告 {id}</translation>
    </message>
    <message>
        <source>Items in this report</source>
        <translation>此报告中的项目</translation>
    </message>
    <message>
        <source>Take a &amp;screenshot…</source>
        <translation>截图(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Attach a file…</source>
        <translation>附加文件(&amp;A)…</translation>
    </message>
    <message>
        <source>Add &amp;contact details…</source>
        <translation>添加联系方式(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Remove item</source>
        <translation>移除项目(&amp;R)</translation>
    </message>
    <message>
        <source>Approve a&amp;ll…</source>
        <translation>全部批准(&amp;L)…</translation>
    </message>
    <message>
        <source>Send…</source>
        <translation>发送…</translation>
    </message>
    <message>
        <source>Save to a &amp;file…</source>
        <translation>保存到文件(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Sent &amp;reports…</source>
        <translation>已发送的报告(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Report</source>
        <translation>报告(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>A&amp;dd</source>
        <translation>添加(&amp;D)</translation>
    </message>
    <message>
        <source>Add more</source>
        <translation>添加更多</translation>
    </message>
    <message>
        <source>What were you doing when it went wrong? (optional, sent with the report)</source>
        <translation>出错时您在做什么？（可选，随报告发送）</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>&amp;Items — tick each one you agree to send</source>
        <translation>项目(&amp;I) — 勾选您同意发送的每一项</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>描述(&amp;D)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Every item of the report with its size. Space ticks the current item: only ticked items are sent.</source>
        <translation>报告中的每个项目及其大小。按空格键勾选当前项目：只发送已勾选的项目。</translation>
    </message>
    <message>
        <source>Adds a screenshot, a file or your contact details.</source>
        <translation>添加截图、文件或您的联系方式。</translation>
    </message>
    <message>
        <source>Removes the selected item from the report.</source>
        <translation>从报告中移除所选项目。</translation>
    </message>
    <message>
        <source>Ticks every item exactly as shown, after asking you.</source>
        <translation>在询问您之后，按所示内容勾选每个项目。</translation>
    </message>
    <message>
        <source>Optional: what you were doing. It is sent with the report.</source>
        <translation>可选：您当时在做什么。它会随报告一起发送。</translation>
    </message>
    <message>
        <source>Progress and results of collecting, scanning and sending.</source>
        <translation>收集、扫描和发送的进度及结果。</translation>
    </message>
    <message>
        <source>Writes the approved items to a bundle file instead of sending them.</source>
        <translation>将已批准的项目写入数据包文件，而不是发送。</translation>
    </message>
    <message>
        <source>Shows exactly what will be sent and to whom, then sends it.</source>
        <translation>显示将要发送的确切内容和接收方，然后发送。</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>移除项目</translation>
    </message>
    <message>
        <source>Remove “{title}” from this report? It will not be sent.</source>
        <translation>要从此报告中移除“{title}”吗？它将不会被发送。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Approve all</source>
        <translation>全部批准</translation>
    </message>
    <message>
        <source>Approve all {count} remaining items exactly as they are shown now? Each will be sent to {support}.</source>
        <translation>要按当前显示的内容批准其余全部 {count} 个项目吗？每一项都将发送给 {support}。</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Attaching {name}…</source>
        <translation>正在附加 {name}…</translation>
    </message>
    <message>
        <source>Tick the items you agree to send to {support}</source>
        <translation>勾选您同意发送给 {support} 的项目</translation>
    </message>
    <message>
        <source>&amp;Send {count} items ({size}) to {support}…</source>
        <translation>将 {count} 个项目（{size}）发送给 {support}(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Support bundles (*.zip *.zip.age)</source>
        <translation>支持数据包 (*.zip *.zip.age)</translation>
    </message>
    <message>
        <source>Sent to {support}. Your reference is {reference}.</source>
        <translation>已发送给 {support}。您的编号是 {reference}。</translation>
    </message>
    <message>
        <source>Report sent</source>
        <translation>报告已发送</translation>
    </message>
    <message>
        <source>Your report reached {support}. Your reference is {reference}; quote it when you talk to support.</source>
        <translation>您的报告已送达 {support}。您的编号是 {reference}；与技术支持沟通时请提供此编号。</translation>
    </message>
    <message>
        <source>Saved as {path}. Report reference {reference}.</source>
        <translation>已保存为 {path}。报告编号 {reference}。</translation>
    </message>
    <message>
        <source>Screenshots</source>
        <translation>截图</translation>
    </message>
    <message>
        <source>Your IT department&apos;s policy does not allow screenshots.</source>
        <translation>您的 IT 部门的策略不允许截图。</translation>
    </message>
    <message>
        <source>Saving the report…</source>
        <translation>正在保存报告…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Sending the report…</source>
        <translation>正在发送报告…</translation>
    </message>
    <message>
        <source>Collecting information…</source>
        <translation>正在收集信息…</translation>
    </message>
    <message>
        <source>Looking for personal data…</source>
        <translation>正在查找个人数据…</translation>
    </message>
    <message>
        <source>Sending is disabled because your IT department&apos;s policy has a problem: {problem}</source>
        <translation>由于您的 IT 部门的策略有问题，发送功能已禁用：{problem}</translation>
    </message>
    <message>
        <source>Policy problem</source>
        <translation>策略问题</translation>
    </message>
</context>
<context>
    <name>SentImagePreview</name>
    <message>
        <source>Screenshot as it will be sent</source>
        <translation>将要发送的截图</translation>
    </message>
    <message>
        <source>What is sent</source>
        <translation>发送的内容</translation>
    </message>
    <message>
        <source>Updating…</source>
        <translation>正在更新…</translation>
    </message>
    <message>
        <source>Sent exactly like this: {width} × {height} pixels, {size}, no metadata.</source>
        <translation>将完全按此发送：{width} × {height} 像素，{size}，不含元数据。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Service credentials</source>
        <translation>服务凭据</translation>
    </message>
    <message>
        <source>Organisation ID</source>
        <translation>组织 ID</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <source>Intake endpoint</source>
        <translation>接收端点</translation>
    </message>
    <message>
        <source>default: {endpoint}</source>
        <translation>默认：{endpoint}</translation>
    </message>
    <message>
        <source>&amp;Organisation ID:</source>
        <translation>组织 ID(&amp;O)：</translation>
    </message>
    <message>
        <source>Access &amp;token:</source>
        <translation>访问令牌(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>端点(&amp;E)：</translation>
    </message>
    <message>
        <source>Locked by your IT department&apos;s policy</source>
        <translation>已被您的 IT 部门的策略锁定</translation>
    </message>
    <message>
        <source>(locked)</source>
        <translation>（已锁定）</translation>
    </message>
    <message>
        <source>All settings</source>
        <translation>所有设置</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>locked by {source}</source>
        <translation>已被 {source} 锁定</translation>
    </message>
    <message>
        <source>&amp;Save credentials</source>
        <translation>保存凭据(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Forget credentials</source>
        <translation>忘记凭据(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>The organisation or customer ID your vendor gave you.</source>
        <translation>供应商提供给您的组织或客户 ID。</translation>
    </message>
    <message>
        <source>The access token your vendor gave you; it is stored in the system keyring and never shown.</source>
        <translation>供应商提供给您的访问令牌；它保存在系统密钥环中，绝不显示。</translation>
    </message>
    <message>
        <source>The address reports are sent to; leave it empty for the default.</source>
        <translation>报告的发送地址；留空则使用默认地址。</translation>
    </message>
    <message>
        <source>Every setting with its value and where it comes from.</source>
        <translation>每项设置及其值和来源。</translation>
    </message>
    <message>
        <source>Stores the organisation ID and token in the system keyring.</source>
        <translation>将组织 ID 和令牌保存到系统密钥环中。</translation>
    </message>
    <message>
        <source>Removes the stored credentials from this computer.</source>
        <translation>从此计算机移除已保存的凭据。</translation>
    </message>
    <message>
        <source>Closes the settings.</source>
        <translation>关闭设置。</translation>
    </message>
    <message>
        <source>All settings ({lock} = locked by your IT department):</source>
        <translation>所有设置（{lock} = 已被您的 IT 部门锁定）：</translation>
    </message>
    <message>
        <source>Stored in the system keyring ({backend}).</source>
        <translation>已保存在系统密钥环中（{backend}）。</translation>
    </message>
    <message>
        <source>This system has no keyring: the credentials are kept for this session only, never on disk.</source>
        <translation>此系统没有密钥环：凭据仅在本次会话中保留，绝不写入磁盘。</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>{masked} (leave empty to keep it)</source>
        <translation>{masked}（留空则保持不变）</translation>
    </message>
    <message>
        <source>Saving credentials…</source>
        <translation>正在保存凭据…</translation>
    </message>
    <message>
        <source>There is no keyring on this system, so the credentials are kept for this session only.</source>
        <translation>此系统上没有密钥环，因此凭据仅在本次会话中保留。</translation>
    </message>
    <message>
        <source>Forget credentials</source>
        <translation>忘记凭据</translation>
    </message>
    <message>
        <source>Remove the stored service credentials from this computer?</source>
        <translation>要从此计算机移除已保存的服务凭据吗？</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>忘记</translation>
    </message>
    <message>
        <source>Removing…</source>
        <translation>正在移除…</translation>
    </message>
    <message>
        <source>Double-click to change ({help})</source>
        <translation>双击以更改（{help}）</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not {expected}.</source>
        <translation>“{text}”不是{expected}。</translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message>
        <source>Check what will be sent</source>
        <translation>检查将要发送的内容</translation>
    </message>
    <message>
        <source>These {count} items ({size}) will go to {support}, and nothing else:</source>
        <translation>这 {count} 个项目（{size}）将发送给 {support}，除此之外不发送任何内容：</translation>
    </message>
    <message>
        <source>Items that will be sent</source>
        <translation>将要发送的项目</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Redactions</source>
        <translation>遮盖</translation>
    </message>
    <message>
        <source>Your description: “{text}”</source>
        <translation>您的描述：“{text}”</translation>
    </message>
    <message>
        <source>The error message: “{text}”</source>
        <translation>错误消息：“{text}”</translation>
    </message>
    <message>
        <source>Product: {product} {version}</source>
        <translation>产品：{product} {version}</translation>
    </message>
    <message>
        <source>Destination: {support} ({endpoint})</source>
        <translation>目的地：{support}（{endpoint}）</translation>
    </message>
    <message>
        <source>Encrypted for the support team: yes</source>
        <translation>为支持团队加密：是</translation>
    </message>
    <message>
        <source>Encrypted in transit (HTTPS) only</source>
        <translation>仅在传输中加密 (HTTPS)</translation>
    </message>
    <message>
        <source>Also sent</source>
        <translation>同时发送</translation>
    </message>
    <message>
        <source>&amp;Send to {support}</source>
        <translation>发送给 {support}(&amp;S)</translation>
    </message>
    <message>
        <source>Save to a &amp;file…</source>
        <translation>保存到文件(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>返回(&amp;B)</translation>
    </message>
    <message>
        <source>Each item that will be sent, with its size and number of redactions.</source>
        <translation>将要发送的每个项目及其大小和遮盖数量。</translation>
    </message>
    <message>
        <source>The description, error message, product and destination that go with the items.</source>
        <translation>随项目一起发送的描述、错误消息、产品和目的地。</translation>
    </message>
    <message>
        <source>Sends these items now; if the intake cannot be reached they wait in the outbox.</source>
        <translation>立即发送这些项目；如果无法连接接收服务器，它们会在发件箱中等待。</translation>
    </message>
    <message>
        <source>Writes the same bundle to a file instead of sending it.</source>
        <translation>将同一数据包写入文件，而不是发送。</translation>
    </message>
    <message>
        <source>Returns to the report without sending.</source>
        <translation>返回报告，不发送。</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>未提供</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>none reported</source>
        <translation>未报告</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>{count} items, {size}</source>
        <translation>{count} 个项目，{size}</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>加密</translation>
    </message>
    <message>
        <source>age-encrypted</source>
        <translation>已用 age 加密</translation>
    </message>
    <message>
        <source>not encrypted</source>
        <translation>未加密</translation>
    </message>
    <message>
        <source>Integrity</source>
        <translation>完整性</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>No description.</source>
        <translation>无描述。</translation>
    </message>
    <message>
        <source>User&apos;s description</source>
        <translation>用户的描述</translation>
    </message>
    <message>
        <source>Save as HTML report…</source>
        <translation>另存为 HTML 报告…</translation>
    </message>
    <message>
        <source>Save the bundle as an HTML report</source>
        <translation>将数据包另存为 HTML 报告</translation>
    </message>
    <message>
        <source>What the customer wrote when sending the report.</source>
        <translation>客户在发送报告时填写的内容。</translation>
    </message>
    <message>
        <source>Writes one self-contained HTML file with every checked item.</source>
        <translation>写入一个包含所有已检查项目的独立 HTML 文件。</translation>
    </message>
    <message>
        <source>User&apos;s description:</source>
        <translation>用户的描述：</translation>
    </message>
    <message>
        <source>Environment highlights:</source>
        <translation>环境要点：</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source>Memory (free / total)</source>
        <translation>内存（可用/总计）</translation>
    </message>
    <message>
        <source>Displays</source>
        <translation>显示器</translation>
    </message>
    <message>
        <source>Intake endpoint</source>
        <translation>接收端点</translation>
    </message>
    <message>
        <source>No environment item in this bundle.</source>
        <translation>此数据包中没有环境项目。</translation>
    </message>
</context>
<context>
    <name>TextPreview</name>
    <message>
        <source>Text that will be sent</source>
        <translation>将要发送的文本</translation>
    </message>
    <message>
        <source>Original text</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Findings and redactions</source>
        <translation>发现项和遮盖</translation>
    </message>
    <message>
        <source>&amp;Redact selection</source>
        <translation>遮盖所选内容(&amp;R)</translation>
    </message>
    <message>
        <source>Send &amp;original / redact again</source>
        <translation>发送原文/重新遮盖(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Side by side</source>
        <translation>并排显示(&amp;S)</translation>
    </message>
    <message>
        <source>Exactly the text that will be sent, read only. Select text and press Ctrl+R to redact it; Ctrl+E at a redaction sends the original there.</source>
        <translation>将要发送的确切文本，只读。选择文本后按 Ctrl+R 进行遮盖；在遮盖处按 Ctrl+E 则在该处发送原文。</translation>
    </message>
    <message>
        <source>The text before redaction, for comparison; it is not sent.</source>
        <translation>遮盖前的文本，仅供比较；不会发送。</translation>
    </message>
    <message>
        <source>Every finding: Space sends the original or redacts it again; Return shows it in the text.</source>
        <translation>每个发现项：按空格键发送原文或重新遮盖；按 Enter 在文本中显示。</translation>
    </message>
    <message>
        <source>This is exactly the text that will be sent. Highlighted parts are replaced.</source>
        <translation>这正是将要发送的文本。突出显示的部分已被替换。</translation>
    </message>
    <message>
        <source>Replaced: the original is not sent.</source>
        <translation>已替换：不发送原文。</translation>
    </message>
    <message>
        <source>Redacted by you.</source>
        <translation>由您遮盖。</translation>
    </message>
    <message>
        <source>Released: this original text is sent.</source>
        <translation>已放行：将发送此原文。</translation>
    </message>
    <message>
        <source>This text is replaced before sending.</source>
        <translation>此文本在发送前会被替换。</translation>
    </message>
    <message>
        <source>Send the original text here</source>
        <translation>在此处发送原文</translation>
    </message>
    <message>
        <source>Redact this finding again</source>
        <translation>重新遮盖此发现项</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Support Assistant</source>
        <translation>支持助手</translation>
    </message>
</context>
<context>
    <name>TrayMenu</name>
    <message>
        <source>&amp;Report a problem…</source>
        <translation>报告问题(&amp;R)…</translation>
    </message>
    <message>
        <source>Sent &amp;reports…</source>
        <translation>已发送的报告(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>WindowedTextView</name>
    <message>
        <source>Position in the whole file</source>
        <translation>在整个文件中的位置</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>the vendor&apos;s support team</source>
        <translation>供应商的技术支持团队</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>IPv4</source>
        <translation>IPv4 地址</translation>
    </message>
    <message>
        <source>IPv6</source>
        <translation>IPv6 地址</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC 地址</translation>
    </message>
    <message>
        <source>host name</source>
        <translation>主机名</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>card number</source>
        <translation>银行卡号</translation>
    </message>
    <message>
        <source>token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>URL password</source>
        <translation>URL 密码</translation>
    </message>
    <message>
        <source>secret</source>
        <translation>机密</translation>
    </message>
</context>
</TS>

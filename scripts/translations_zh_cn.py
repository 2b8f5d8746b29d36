"""Chinese (zh_CN) text of the plugin's interface, by English source text (scripts/build_translations.py).

Source texts missing here stay English in the interface (the longer help texts of the step algorithms).
"""
ZH_CN = {
    'Plants (points)':
        '工厂（点）',
    'Plant sector field':
        '工厂行业字段',
    'Plant fuel field (t coal equivalent per year)':
        '工厂燃料字段（吨标准煤/年）',
    'Cities (polygons)':
        '城市（面）',
    'Cities (polygons, or points with an area)':
        '城市（面，或带面积 area_km2 的点）',
    'City population field':
        '城市人口字段',
    'Existing district heating (polygons or lines)':
        '现有集中供热（面或线）',
    'Heat supplied field (GJ per year)':
        '供热量字段（GJ/年）',
    'Urban cores (polygons)':
        '城市核心区（面）',
    'Provinces (polygons)':
        '省份（面）',
    'Parameter override file (TOML)':
        '参数覆盖文件（TOML）',
    'Input problems':
        '输入问题',
    'Number of errors':
        '错误数',
    'Number of warnings':
        '警告数',
    'Check inputs':
        '检查输入',
    '1 · Inputs':
        '1 · 输入',
    'Method: ':
        '方法：',
    'Create input templates':
        '创建输入模板',
    'Scenario':
        '情景',
    'FYP-Efficiency plus symbiosis':
        '“十二五”能效提升 + 共生',
    'High-Efficiency plus symbiosis':
        '高能效 + 共生',
    'Base case plus symbiosis':
        '基准情景 + 共生',
    'Model PM2.5 dispersion':
        '模拟 PM2.5 扩散',
    'Estimate avoided deaths':
        '估算避免的过早死亡',
    'Heat allocation':
        '余热分配',
    "Cascade A–E, step by step (the paper's method)":
        'A–E 梯级利用，逐步进行（论文方法）',
    'Optimal: maximise CO2 avoided over all steps at once':
        '最优：一次性在所有步骤上最大化 CO2 减排',
    'Style cities by':
        '城市渲染方式',
    '% CO2 reduction':
        'CO2 减排百分比',
    'Co-benefit quadrant':
        '协同效益象限',
    'Heat links':
        '余热连线',
    'Plants (results)':
        '工厂（结果）',
    'Cities (results)':
        '城市（结果）',
    'Per city: CO2 base/scenario, % reduction and its split by strategy, PM2.5 emissions.':
        '每个城市：基准/情景 CO2、减排百分比及其按策略的分解、PM2.5 排放。',
    'Summary':
        '汇总',
    'One row per summary quantity of the run, with its unit.':
        '本次运行的每个汇总量一行，附单位。',
    'PM2.5 base (µg/m³)':
        'PM2.5 基准（µg/m³）',
    'PM2.5 scenario (µg/m³)':
        'PM2.5 情景（µg/m³）',
    'PM2.5 scenario − base (µg/m³)':
        'PM2.5 情景 − 基准（µg/m³）',
    'All results (folder)':
        '全部结果（文件夹）',
    'Report (HTML)':
        '报告（HTML）',
    'Full assessment':
        '完整评估',
    '0 · Full assessment':
        '0 · 完整评估',
    'Plants with waste heat':
        '含余热的工厂',
    'The plants with generated and available waste heat per grade, GJ/yr.':
        '各工厂按品位的产生余热与可用余热，GJ/年。',
    'Waste heat by grade':
        '按品位的工业余热',
    '2 · Energy cascade':
        '2 · 能源梯级利用',
    'Single-sector efficiency applied before symbiosis (docs/method.md).':
        '共生之前采用的单部门能效情景（docs/method.md）。',
    'Cascade A–E step by step, or the optimum over all steps.':
        '逐步进行 A–E 梯级利用，或在所有步骤上求最优。',
    'Source → sink lines with grade, step, heat_gj, dist_m, fuel_saved_tce.':
        '余热源 → 热汇连线，含品位、步骤、heat_gj、dist_m、fuel_saved_tce。',
    'Heat sinks':
        '热汇',
    'PM2.5 area sources':
        'PM2.5 面源',
    'Cities and rest of province with pm25_base_t and pm25_scen_t (t/yr).':
        '城市与省内其余地区，含 pm25_base_t 与 pm25_scen_t（吨/年）。',
    'PM2.5 point sources':
        'PM2.5 点源',
    'Material exchange by province':
        '各省物质交换',
    'Fly ash and slag available, used in cement (caps 35 % / 25 %), CO2 avoided.':
        '可用粉煤灰与矿渣、用于水泥的量（上限 35 % / 25 %）、避免的 CO2。',
    'Results by province':
        '各省结果',
    'CO2 by strategy per province (cities and rest of province).':
        '各省按策略的 CO2（城市与省内其余地区）。',
    'Energy cascade and material exchange':
        '能源梯级利用与物质交换',
    'Area sources (polygons)':
        '面源（面）',
    'Polygons with an emission field in t/yr spread uniformly over each polygon.':
        '带排放字段（吨/年）的面，排放均匀分布在每个面上。',
    'Point sources (stacks)':
        '点源（烟囱）',
    'Emission field (t/yr)':
        '排放字段（吨/年）',
    'PM2.5 (µg/m³)':
        'PM2.5（µg/m³）',
    'GeoTIFF of the annual-mean primary PM2.5 increment, µg/m³, in the study CRS.':
        '一次 PM2.5 年均增量的 GeoTIFF，µg/m³，研究区坐标系。',
    'PM2.5 dispersion':
        'PM2.5 扩散',
    '3 · Air quality and health':
        '3 · 空气质量与健康',
    'PM2.5 Base (µg/m³)':
        'PM2.5 基准（µg/m³）',
    "Annual-mean primary PM2.5 of the Base case, e.g. from 'PM2.5 dispersion'.":
        '基准情景的一次 PM2.5 年均浓度，例如来自“PM2.5 扩散”。',
    'PM2.5 Scenario (µg/m³)':
        'PM2.5 情景（µg/m³）',
    'Annual-mean primary PM2.5 of the scenario, on any grid.':
        '情景的一次 PM2.5 年均浓度，任意网格。',
    'Cities with health co-benefits':
        '含健康协同效益的城市',
    'Health co-benefits':
        '健康协同效益',
    'Input–output table (CSV)':
        '投入产出表（CSV）',
    'UIS options (TOML)':
        'UIS 方案（TOML）',
    'Sector aggregation map (CSV)':
        '部门合并对照表（CSV）',
    'Eco-efficiency change by sector':
        '各部门生态效率变化',
    'Per sector: footprint and eco-efficiency for BAU and UIS and their change (%).':
        '每个部门：BAU 与 UIS 的碳足迹、生态效率及其变化（%）。',
    'UIS option balances':
        'UIS 方案平衡',
    'Per option: resource saved, waste reduced and the CO2 effect computed from its factors.':
        '每个方案：节约的资源、减少的废物及由其因子计算的 CO2 效果。',
    'EEIO summary':
        'EEIO 汇总',
    'Direct CO2 and footprint totals, the reduction and its share of the city total.':
        '直接 CO2 与碳足迹总量、减排量及其占城市总量的比例。',
    'Sectoral eco-efficiency (input–output)':
        '部门生态效率（投入产出）',
    '5 · Eco-efficiency':
        '5 · 生态效率',
    'Number of draws':
        '抽样次数',
    'Seed':
        '随机种子',
    'Seed of the draws: the same seed gives the same results on any number of workers.':
        '抽样的随机种子：同一种子在任意工作进程数下给出相同结果。',
    'Sobol indices':
        'Sobol 指数',
    'Saltelli sampling and first-order / total Sobol indices of the national totals.':
        'Saltelli 抽样及全国总量的一阶 / 总 Sobol 指数。',
    'Model PM2.5 and health per draw':
        '每次抽样都模拟 PM2.5 与健康',
    'Single-sector efficiency applied before symbiosis, as in the full assessment.':
        '共生之前采用的单部门能效情景，与完整评估相同。',
    'Cascade A–E (the paper) or the CO2-optimal joint LP, as in the full assessment.':
        'A–E 梯级利用（论文）或 CO2 最优联合线性规划，与完整评估相同。',
    'Dask scheduler address':
        'Dask 调度器地址',
    'Local workers (0 = all cores)':
        '本地工作进程（0 = 全部核心）',
    'Workers of the local cluster (ignored with a scheduler address).':
        '本地集群的工作进程数（给出调度器地址时忽略）。',
    'Cities (uncertainty)':
        '城市（不确定性）',
    'Draws and national totals (CSV)':
        '抽样与全国总量（CSV）',
    'One row per draw: the drawn values and the national totals.':
        '每次抽样一行：抽取的取值与全国总量。',
    'Sobol indices (CSV)':
        'Sobol 指数（CSV）',
    'Uncertainty and sensitivity':
        '不确定性与敏感性',
    '4 · Uncertainty':
        '4 · 不确定性',
    'Open sample project':
        '打开示例项目',
    'Install missing Python packages…':
        '安装缺失的 Python 包…',
    "Field of this layer holding 'sector' (user guide, 'Input layers'). Empty: the field named sector.":
        '本图层中存放“sector”（行业）的字段（用户指南“输入图层”）。留空：使用名为 sector 的字段。',
    "Field of this layer holding 'fuel_tce' (user guide, 'Input layers'). Empty: the field named fuel_tce.":
        '本图层中存放“fuel_tce”（燃料）的字段（用户指南“输入图层”）。留空：使用名为 fuel_tce 的字段。',
    "Field of this layer holding 'population' (user guide, 'Input layers'). Empty: the field named population.":
        '本图层中存放“population”（人口）的字段（用户指南“输入图层”）。留空：使用名为 population 的字段。',
    "Field of this layer holding 'heat_supplied_gj' (user guide, 'Input layers'). Empty: the field named heat_supplied_gj.":
        '本图层中存放“heat_supplied_gj”（供热量）的字段（用户指南“输入图层”）。留空：使用名为 heat_supplied_gj 的字段。',
    'Checks the input layers the way every UIS-QGIS algorithm does before computing anything: required fields, text in number fields, negative/NaN/infinite values, empty layers, duplicate ids, empty or invalid geometries, unknown sector codes, missing CRS. Writes one row per problem (layer, field, ids, what to do); errors stop other algorithms, warnings do not. Never fails on bad data: it reports.':
        '按照每个 UIS-QGIS 算法计算前的方式检查输入图层：必填字段、数值字段中的文本、负值/NaN/无穷值、空图层、重复编号、空或无效几何、未知行业代码、缺少坐标系。每个问题输出一行（图层、字段、编号、处理办法）；错误会终止其他算法，警告不会。遇到错误数据不会失败，只报告。',
    "Writes one empty layer per input of the method — plants, cities, district heating, urban cores, provinces — with every field the model reads, correctly typed (ids and names as text, quantities as decimals), in EPSG:4326. Fill them in (or paste your features), then run 'Check inputs'. When loaded, each field shows a readable name with its unit and required fields must not be empty. Field meanings: user guide, 'Input layers'.":
        '为方法的每个输入写出一个空图层——工厂、城市、集中供热、城市核心区、省份——包含模型读取的全部字段，类型正确（编号和名称为文本，数量为小数），坐标系 EPSG:4326。填写后（或粘贴要素）运行“检查输入”。加载后每个字段显示带单位的易读名称，必填字段不得为空。字段含义见用户指南“输入图层”。',
    'Runs the whole method on your layers — only plants and cities are needed, everything else has defaults: single-sector efficiency (scenario), waste heat by grade, the energy cascade A–E within the fence line (30 km), material exchange, CO2 and PM2.5 by city. Outputs heat links (source → sink), plant and city results, a summary table, optionally all results in a folder and an HTML report. Inputs may be in any CRS; distances are computed in metres in a projected CRS chosen for the study area. Bad input stops the run with a message naming layer, field and ids, before anything is written.':
        '在您的图层上运行完整方法——只需工厂和城市，其余均有默认值：单部门能效（情景）、按品位的工业余热、围栏范围（30 km）内的 A–E 能源梯级利用、物质交换、各城市的 CO2 与 PM2.5。输出余热连线（源 → 汇）、工厂与城市结果、汇总表，可选输出全部结果文件夹与 HTML 报告。输入可为任意坐标系；距离在为研究区选定的投影坐标系中以米计算。输入有误时在写出任何结果之前终止，并给出图层、字段和编号。',
    "Single-sector efficiency applied before symbiosis (docs/method.md): FYP = China's 2010–2015 Five-Year Plan targets, High = international best practice, Base = inputs as given. Results are reported against the Base case.":
        '共生之前采用的单部门能效情景（docs/method.md）：FYP = 中国 2010–2015 年“十二五”规划目标，High = 国际最佳实践，Base = 按输入原样。结果均相对于基准情景报告。',
}
